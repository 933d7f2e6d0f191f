package dev.mycelium.app.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mycelium.app.netns.Triangle.Family;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue #4: A - B - C in a line plus a costlier direct A - C link ({@link Triangle}). A's route to C's /64 goes
 * direct; once the direct link goes silent (frames dropped, no RST, no link event: {@link VethLink#cut()}) it goes
 * via B within {@link #REROUTE_BOUND}, and C's route to A likewise. Over an IPv6 and an IPv4 underlay; routing only
 * (no TUN), so this needs peering and routing but not the data plane.
 */
class RerouteIT {

    /** Issue #4: a silently dead link between two of our nodes is routed around within 3 s. */
    static final Duration REROUTE_BOUND = Duration.ofSeconds(3);
    /**
     * Back on a restored direct link: A redials it (the peer manager's 5 s tick; the proxy gives up on a connect
     * to the cut link after its timeout), its first RTT sample sets its cost (RouterConfig.reselectOnCostChange;
     * Mycelium would start at 1000 and smooth) and routes follow once it is the cheapest. The figures are printed;
     * the bound leaves room for a loaded machine (Mycelium's rules: never, until an Update for C's subnet happens to
     * come).
     */
    static final Duration BACK_DIRECT_BOUND = Duration.ofSeconds(30);

    @ParameterizedTest
    @EnumSource(Family.class)
    void routeToCGoesDirectThenViaBOnceTheDirectLinkGoesSilent(Family family) {
        NetnsLab.assumeUsable();
        try (Triangle t = Triangle.start("reroute-" + family.name().toLowerCase(), family, false)) {
            t.awaitConverged(Duration.ofSeconds(60));
            t.awaitDirectBothWays(Duration.ofSeconds(30));

            t.ac.cut();
            long cutAt = System.nanoTime();
            await("A's route to C via B").atMost(REROUTE_BOUND.plusSeconds(30)).pollInterval(Duration.ofMillis(20))
                    .until(() -> Triangle.nextHop(t.nodeA, t.nodeC).equals(Optional.of(t.bFromA())));
            Duration aRerouted = Duration.ofNanos(System.nanoTime() - cutAt);
            await("C's route to A via B").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                    .until(() -> Triangle.nextHop(t.nodeC, t.nodeA).equals(Optional.of(t.bFromC())));
            Duration cRerouted = Duration.ofNanos(System.nanoTime() - cutAt);
            System.out.printf("reroute (%s underlay): A->C via B after %d ms, C->A via B after %d ms%n", family,
                    aRerouted.toMillis(), cRerouted.toMillis());

            t.requireAlive();
            assertThat(aRerouted).as("A rerouted around the silent link").isLessThanOrEqualTo(REROUTE_BOUND);
            assertThat(cRerouted).as("C rerouted around the silent link").isLessThanOrEqualTo(REROUTE_BOUND);
        }
    }

    /**
     * After the silent cut has moved A's route to C onto B, the direct link comes back ({@link VethLink#restore()}):
     * A's route to C's /64 goes direct again once the new link's cost has settled below the path via B, without any
     * Update for C's subnet (Mycelium would stay on B: it re-selects only on Updates and link loss).
     */
    @ParameterizedTest
    @EnumSource(Family.class)
    void routeToCGoesBackDirectOnceTheDirectLinkIsRestored(Family family) {
        NetnsLab.assumeUsable();
        try (Triangle t = Triangle.start("restore-" + family.name().toLowerCase(), family, false)) {
            t.awaitConverged(Duration.ofSeconds(60));
            String direct = t.directFromA();
            await("A's route to C direct").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> Triangle.nextHop(t.nodeA, t.nodeC).equals(Optional.of(direct)));
            t.ac.cut();
            await("A's route to C via B").atMost(REROUTE_BOUND.plusSeconds(30)).pollInterval(Duration.ofMillis(20))
                    .until(() -> Triangle.nextHop(t.nodeA, t.nodeC).equals(Optional.of(t.bFromA())));
            await("the dead direct link is gone at A").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> t.nodeA.api().peer(direct).map(p -> !"alive".equals(p.path("connectionState")
                            .asText())).orElse(true));

            t.ac.restore();
            long restoredAt = System.nanoTime();
            AtomicLong aliveAfter = new AtomicLong(-1);
            await("A's route to C direct again").atMost(BACK_DIRECT_BOUND.plusSeconds(30))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        if (aliveAfter.get() < 0 && t.nodeA.api().peer(direct)
                                .map(p -> "alive".equals(p.path("connectionState").asText())).orElse(false)) {
                            aliveAfter.set((System.nanoTime() - restoredAt) / 1_000_000);
                        }
                        return Triangle.nextHop(t.nodeA, t.nodeC).equals(Optional.of(direct));
                    });
            Duration aBack = Duration.ofNanos(System.nanoTime() - restoredAt);
            await("C's route to A direct again").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> Triangle.nextHop(t.nodeC, t.nodeA).map(AdminApi::hostOf)
                            .equals(Optional.of(family.host(t.ac, t.a))));
            Duration cBack = Duration.ofNanos(System.nanoTime() - restoredAt);
            System.out.printf("restore (%s underlay): direct link alive at A after %d ms; A->C direct after %d ms,"
                    + " C->A after %d ms%n", family, aliveAfter.get(), aBack.toMillis(), cBack.toMillis());

            // A's fallback via B carries what B's path to C costs now (B re-announced it as its link cost settled),
            // not the ~1000 of B's link-up, which Mycelium would keep until B's selection for C changes.
            String subnetC = t.nodeC.api().nodeSubnet();
            JsonNode viaB = t.nodeA.api().fallbackRoutes().stream()
                    .filter(r -> subnetC.equals(r.path("subnet").asText())
                            && t.bFromA().equals(AdminApi.nextHopRemote(r)))
                    .findFirst().orElseThrow(() -> new AssertionError("no fallback via B at A"));
            System.out.printf("restore (%s underlay): A's fallback to C via B has metric %s%n", family,
                    viaB.path("metric"));

            t.requireAlive();
            assertThat(viaB.path("metric").isInt() ? viaB.path("metric").asInt() : Integer.MAX_VALUE)
                    .as("metric of A's fallback via B: " + viaB).isLessThan(100);
            assertThat(aBack).as("A back on the restored direct link").isLessThanOrEqualTo(BACK_DIRECT_BOUND);
            assertThat(cBack).as("C back on the restored direct link").isLessThanOrEqualTo(BACK_DIRECT_BOUND);
        }
    }
}
