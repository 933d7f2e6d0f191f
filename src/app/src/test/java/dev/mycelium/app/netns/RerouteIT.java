package dev.mycelium.app.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mycelium.app.netns.Triangle.Family;
import java.time.Duration;
import java.util.Optional;
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

    @ParameterizedTest
    @EnumSource(Family.class)
    void routeToCGoesDirectThenViaBOnceTheDirectLinkGoesSilent(Family family) {
        NetnsLab.assumeUsable();
        try (Triangle t = Triangle.start("reroute-" + family.name().toLowerCase(), family, false)) {
            t.awaitConverged(Duration.ofSeconds(60));
            String direct = t.directFromA();
            await("A's route to C direct").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> Triangle.nextHop(t.nodeA, t.nodeC).equals(Optional.of(direct)));
            String directAtC = Triangle.nextHop(t.nodeC, t.nodeA).orElseThrow();
            assertThat(AdminApi.hostOf(directAtC)).as("C's route to A uses the direct link (the proxy dials from A's"
                    + " side of it): " + directAtC).isEqualTo(family.host(t.ac, t.a));

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
}
