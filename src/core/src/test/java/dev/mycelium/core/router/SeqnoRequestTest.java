package dev.mycelium.core.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mycelium.core.router.Harness.Peer;
import dev.mycelium.core.router.Harness.Source;
import dev.mycelium.core.wire.babel.SeqnoRequest;
import dev.mycelium.core.wire.babel.Update;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Seqno requests: bumps with the 4 s rule, 60 s dedup, answers, forwarding (protocol.md 5.8). */
class SeqnoRequestTest {

    /** Mycelium's rules exactly: route repair (our extension, see RouteRepairTest) off. */
    private final Harness h = new Harness(1, c -> c.withRepairRoutes(false));

    @AfterEach
    void close() {
        h.close();
    }

    private SeqnoRequest forUs(int seqno) {
        return new SeqnoRequest(seqno, 64, h.router.ownSubnet(), h.router.routerId());
    }

    @Test
    void aRequestForANewerSeqnoOfOurSubnetBumpsAtMostOncePerFourSeconds() {
        Peer a = h.peer("A", 10);
        Peer b = h.peer("B", 10);

        // The bump clock starts at start-up: too early.
        h.run(3_000);
        a.receive(forUs(1));
        assertThat(h.snapshot().routerSeqno()).isZero();
        assertThat(h.snapshot().counters().get("seqnoBumpsRateLimited")).isEqualTo(1);

        h.run(1_000);
        a.receive(forUs(2)); // a different request (seqno 2): not deduplicated
        assertThat(h.snapshot().routerSeqno()).isEqualTo(1);
        Update announced = new Update(0, 30000, 1, 0, h.router.ownSubnet(), h.router.routerId());
        assertThat(a.updates()).containsExactly(announced);
        assertThat(b.updates()).as("a bump is announced to every peer").containsExactly(announced);

        h.run(3_999);
        a.receive(forUs(3));
        assertThat(h.snapshot().routerSeqno()).isEqualTo(1);
        h.run(1);
        b.receive(forUs(4));
        assertThat(h.snapshot().routerSeqno()).isEqualTo(2);
    }

    @Test
    void aRequestForAnOlderOrEqualSeqnoOfOurSubnetIsNotABump() {
        Peer a = h.peer("A", 10);
        h.run(5_000);

        a.receive(forUs(0));

        assertThat(h.snapshot().routerSeqno()).isZero();
        assertThat(a.updates()).isEmpty();
    }

    @Test
    void theSameRequestIsHandledOncePerMinute() {
        Peer a = h.peer("A", 10);
        Peer b = h.peer("B", 10);
        Peer c = h.peer("C", 10);
        Source s = h.source();
        for (Peer p : h.peers) {
            p.ihuDelay = 0; // keep everyone alive for the two minutes
        }
        a.announce(s, 1, 0);
        a.clear();

        b.receive(new SeqnoRequest(5, 10, s.subnet(), s.id())); // forwarded to A
        c.receive(new SeqnoRequest(5, 10, s.subnet(), s.id())); // same key within 60 s: dropped
        assertThat(a.seqnoRequests()).containsExactly(new SeqnoRequest(5, 9, s.subnet(), s.id()));
        assertThat(h.snapshot().counters().get("seqnoRequestsDeduplicated")).isEqualTo(1);

        // The cache is swept every 60 s of entries first sent more than 60 s ago: then it is handled again.
        h.run(120_000);
        c.receive(new SeqnoRequest(5, 10, s.subnet(), s.id()));
        assertThat(a.seqnoRequests()).hasSize(2);
    }

    @ParameterizedTest(name = "route seqno {0}, requested {1}, same router id {2} -> answered {3}")
    @CsvSource({
        "5, 5, true, true",     // not older than asked
        "6, 5, true, true",
        "4, 5, true, false",    // older: forwarded instead
        "4, 5, false, true",    // a different source: answer with what we have
    })
    void aSelectedRouteAnswersWithTheRequestersLinkCost(int routeSeqno, int requested, boolean sameId,
            boolean answered) {
        Peer a = h.peer("A", 10);
        Peer b = h.peer("B", 42);
        Source s = h.source();
        Source other = h.source();
        a.announce(s, routeSeqno, 20);
        a.clear();
        b.clear();

        b.receive(new SeqnoRequest(requested, 10, s.subnet(), sameId ? s.id() : other.id()));

        if (answered) {
            // Quirk: metric = stored + the requester's (B's) link cost, 20 + 1042, not the next hop's.
            assertThat(b.updates()).containsExactly(new Update(0, 30000, routeSeqno, 1062, s.subnet(), s.id()));
            assertThat(a.seqnoRequests()).isEmpty();
        } else {
            assertThat(b.updates()).isEmpty();
            assertThat(a.seqnoRequests()).containsExactly(new SeqnoRequest(requested, 9, s.subnet(), s.id()));
        }
    }

    @Test
    void theBumpedUpdateIsRelayedToTheRequesterOnly() {
        Peer a = h.peer("A", 10);
        Peer b = h.peer("B", 10);
        Peer c = h.peer("C", 10);
        Source s = h.source();
        a.announce(s, 1, 0);
        a.clear();
        b.clear();
        c.clear();

        b.receive(new SeqnoRequest(2, 10, s.subnet(), s.id()));
        a.announce(s, 2, 0); // same metric and router id: no triggered update, but B asked

        assertThat(b.updates()).containsExactly(new Update(0, 30000, 2, 1010, s.subnet(), s.id()));
        assertThat(c.updates()).isEmpty();
    }

    @Test
    void forwardingPrefersFeasibleRoutesAndSkipsTheRequester() {
        Peer a = h.peer("A", 10);
        Peer b = h.peer("B", 10);
        Peer c = h.peer("C", 10);
        Peer d = h.peer("D", 10);
        Source s = h.source();
        a.announce(s, 1, 100);  // selected; FD (1, 1110) once propagated
        c.announce(s, 1, 900);  // feasible fallback
        b.announce(s, 1, 150);  // feasible fallback
        a.clear();
        b.clear();
        c.clear();

        a.receive(new SeqnoRequest(3, 5, s.subnet(), s.id()));

        // Not back to A (the requester); the first feasible route in table order after A.
        assertThat(a.seqnoRequests()).isEmpty();
        assertThat(c.seqnoRequests().size() + b.seqnoRequests().size()).isEqualTo(1);
        assertThat(d.seqnoRequests()).isEmpty();
    }

    @Test
    void aRequestOutOfHopsIsDropped() {
        Peer a = h.peer("A", 10);
        Peer b = h.peer("B", 10);
        Source s = h.source();
        a.announce(s, 1, 0);
        a.clear();

        b.receive(new SeqnoRequest(7, 1, s.subnet(), s.id()));

        assertThat(a.sent).isEmpty();
        assertThat(h.snapshot().counters().get("seqnoRequestsHopLimit")).isEqualTo(1);
    }

    @Test
    void ourRequestsGoToTheSubnetsAnnouncersAndAreNotRepeatedWithinFourSeconds() {
        Peer a = h.peer("A", 10);
        Peer b = h.peer("B", 10);
        Peer c = h.peer("C", 10);
        Source s = h.source();
        a.announce(s, 1, 100);
        b.announce(s, 1, 150);
        a.clear();
        b.clear();
        c.clear();
        SourceKey key = new SourceKey(s.subnet(), s.id());

        h.inOwner(() -> h.engine().seqnoRequests.send(key, null, null));
        h.inOwner(() -> h.engine().seqnoRequests.send(key, null, null));

        SeqnoRequest expected = new SeqnoRequest(2, 64, s.subnet(), s.id());
        assertThat(a.seqnoRequests()).containsExactly(expected);
        assertThat(b.seqnoRequests()).containsExactly(expected);
        assertThat(c.seqnoRequests()).as("C never announced it").isEmpty();

        h.run(4_000);
        h.inOwner(() -> h.engine().seqnoRequests.send(key, null, null));
        assertThat(a.seqnoRequests()).hasSize(2);
    }

    @Test
    void ourRequestForAnUnknownSubnetGoesToEveryone() {
        Peer a = h.peer("A", 10);
        Peer b = h.peer("B", 10);
        Source s = h.source();

        h.inOwner(() -> h.engine().seqnoRequests.send(new SourceKey(s.subnet(), s.id()), null, null));

        assertThat(a.seqnoRequests()).containsExactly(new SeqnoRequest(1, 64, s.subnet(), s.id()));
        assertThat(b.seqnoRequests()).containsExactly(new SeqnoRequest(1, 64, s.subnet(), s.id()));
    }
}
