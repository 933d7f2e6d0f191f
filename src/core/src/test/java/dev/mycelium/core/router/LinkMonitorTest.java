package dev.mycelium.core.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mycelium.core.router.Harness.Peer;
import dev.mycelium.core.router.Harness.Source;
import dev.mycelium.core.wire.babel.Hello;
import dev.mycelium.core.wire.babel.Ihu;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Hello/IHU, link cost and liveness (protocol.md 5.1, 2.8) and our fast-liveness extension. */
class LinkMonitorTest {

    private Harness h = new Harness();

    @AfterEach
    void close() {
        h.close();
    }

    private static RouterSnapshot.NeighbourInfo info(Harness h, String name) {
        return h.snapshot().neighbours().stream().filter(n -> n.connectionId().equals(name)).findFirst()
                .orElse(null);
    }

    @Test
    void anIhuIsSentOnlyAsTheImmediateReplyToAHello() {
        Peer a = h.peer("A", 10);
        h.run(30_000);
        assertThat(a.sent(Ihu.class)).as("never unsolicited").isEmpty();

        a.receive(new Hello(Hello.UNICAST, 7, 2000));

        assertThat(a.sent(Ihu.class)).containsExactly(new Ihu(1010, 6000, null));
        // Replies to every Hello, however fast they come, and only to Hellos.
        for (int i = 0; i < 5; i++) {
            a.receive(new Hello(Hello.UNICAST, 8 + i, 2000));
        }
        a.receive(new Ihu(0, 6000, null));
        assertThat(a.sent(Ihu.class)).hasSize(6);
    }

    @Test
    void theCostIsTheSmoothedRoundTripOfOurHelloPlusTheStaticCost() {
        Peer a = h.peer("A", 10, 40);
        a.receive(new Hello(Hello.UNICAST, 0, 25)); // one of ours: Hellos every 250 ms

        h.run(41);
        // Our choice (reselectOnCostChange): the first sample replaces the starting cost of 1000.
        assertThat(info(h, "A").smoothedRtt()).isEqualTo(40);
        assertThat(info(h, "A").linkCost()).isEqualTo(50);

        h.run(60_000);
        assertThat(info(h, "A").smoothedRtt()).isEqualTo(40);
        assertThat(info(h, "A").linkCost()).isEqualTo(50);
    }

    @Test
    void myceliumSmoothsTheFirstSampleIntoTheStartingCost() {
        h = new Harness(1, c -> c.withReselectOnCostChange(false));
        Peer a = h.peer("A", 10, 40);
        a.receive(new Hello(Hello.UNICAST, 0, 25));

        h.run(41);
        // First sample 40 ms: (9 * 1000 + 40) / 10 = 904 (protocol.md 5.1).
        assertThat(info(h, "A").smoothedRtt()).isEqualTo(904);
        assertThat(info(h, "A").linkCost()).isEqualTo(914);

        h.run(60_000);
        assertThat(info(h, "A").smoothedRtt()).isEqualTo(40);
    }

    @Test
    void aRoundTripLongerThanTheHelloPeriodIsMeasuredInFull() {
        Peer a = h.peer("A", 10, 600); // more than twice the 250 ms Hello period
        a.receive(new Hello(Hello.UNICAST, 0, 25));

        h.run(120_000);

        // Stop-and-wait Hellos: the sample is never "IHU minus a newer Hello", so no deflation to 100 or 350.
        assertThat(info(h, "A").smoothedRtt()).isEqualTo(600);
        assertThat(info(h, "A").kind()).isEqualTo(PeerKind.OURS);
        assertThat(a.closed).isFalse();
    }

    @Test
    void helloCadenceFollowsWhatThePeerIs() {
        Peer a = h.peer("A", 10, 5);
        h.run(1_000);
        List<Hello> probing = a.sent(Hello.class);
        assertThat(probing).hasSizeBetween(4, 5).allMatch(x -> x.intervalCs() == 25 && x.flags() == 0x8000);

        a.receive(new Hello(Hello.UNICAST, 0, 2000)); // a Mycelium node
        a.clear();
        h.run(60_000);
        assertThat(a.sent(Hello.class)).hasSize(3).allMatch(x -> x.intervalCs() == 2000);
        assertThat(info(h, "A").kind()).isEqualTo(PeerKind.MYCELIUM);
        // Hello seqnos keep counting per neighbour.
        List<Hello> hellos = a.sent(Hello.class);
        assertThat(hellos.get(1).seqno()).isEqualTo(hellos.get(0).seqno() + 1);
    }

    @Test
    void withoutFastLivenessWeBehaveLikeMycelium() {
        Harness slow = new Harness(5, c -> c.withFastLiveness(false));
        try {
            Peer a = slow.peer("A", 10);
            a.ihuDelay = 5;
            a.receive(new Hello(Hello.UNICAST, 0, 25));
            slow.run(60_000);
            assertThat(a.sent(Hello.class)).hasSize(3).allMatch(x -> x.intervalCs() == 2000);
        } finally {
            slow.close();
        }
    }

    @ParameterizedTest(name = "Mycelium peer silent since {0} ms: dead={1}")
    @CsvSource({"40000, false", "53001, true"})
    void aMyceliumPeerIsDeadAfter43SecondsWithoutIhuCheckedEvery10(long silence, boolean dead) {
        Peer a = h.peer("A", 10);
        Source s = h.source();
        a.receive(new Hello(Hello.UNICAST, 0, 2000));
        a.announce(s, 1, 0);

        h.run(silence);

        assertThat(a.closed).isEqualTo(dead);
        assertThat(h.snapshot().selectedRoute(s.subnet()) == null).isEqualTo(dead);
        assertThat(h.snapshot().neighbours().isEmpty()).isEqualTo(dead);
    }

    @Test
    void aMyceliumPeerAnsweringOurHellosLivesForever() {
        Peer a = h.peer("A", 10);
        a.ihuDelay = 30;
        a.receive(new Hello(Hello.UNICAST, 0, 2000));
        h.run(3_600_000);
        assertThat(a.closed).isFalse();
        assertThat(info(h, "A").smoothedRtt()).isEqualTo(30);
    }

    @Test
    void oneOfOursFallingSilentIsDeadWithinTwoSeconds() {
        Peer a = h.peer("A", 10);
        Peer b = h.peer("B", 10);
        Source s = h.source();
        a.ihuDelay = 5;
        a.receive(new Hello(Hello.UNICAST, 0, 25));
        a.announce(s, 1, 0);
        h.run(10_000);
        assertThat(a.closed).isFalse();
        b.clear();

        a.ihuDelay = -1; // the link goes silent
        long cut = h.clock.nowMillis();
        while (!a.closed) {
            h.run(10);
        }
        long detected = h.clock.nowMillis() - cut;

        assertThat(detected).isLessThanOrEqualTo(2_010);
        assertThat(detected).isGreaterThanOrEqualTo(1_700);
        assertThat(h.snapshot().selectedRoutes()).isEmpty();
        assertThat(b.updatesFor(s.subnet())).extracting(u -> u.metric()).containsExactly(Metric.INFINITE);
        assertThat(h.snapshot().counters().get("neighboursDeclaredDead")).isEqualTo(1);
    }

    @Test
    void anUnclassifiedPeerGetsMyceliumsPatience() {
        Peer a = h.peer("A", 10);
        h.run(40_000);
        assertThat(a.closed).isFalse();
        h.run(13_001);
        assertThat(a.closed).isTrue();
    }
}
