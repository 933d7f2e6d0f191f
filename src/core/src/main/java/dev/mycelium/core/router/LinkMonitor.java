package dev.mycelium.core.router;

import dev.mycelium.core.wire.babel.Hello;
import dev.mycelium.core.wire.babel.Ihu;
import java.util.ArrayList;

/**
 * Hellos, IHUs, link cost and liveness per neighbour (protocol.md 5.1, 2.8).
 *
 * <p>Mycelium's rules, kept exactly on the wire: an IHU only as the immediate reply to a received Hello; cost sample
 * = now − send time of our last Hello (ms, u16), smoothed = (9·old + sample)/10 from 1000, cost = smoothed + static
 * cost; a peer with no IHU for 43 s (checked every 10 s) is dead.
 *
 * <p>Our extension, fast liveness between our nodes: we send Hellos every {@code fastHelloIntervalMs} (250 ms) with
 * that interval in the Hello's interval field (25 cs) until we learn what the peer is. A peer whose own Hellos carry
 * an interval of at most 100 cs is one of ours: we keep the fast Hellos and declare it dead after
 * {@code fastDeadAfterMs} (2 s) without an IHU, measured exactly per neighbour, so a silent link failure is noticed
 * within 2 s. A peer whose Hellos carry Mycelium's 2000 cs gets 20 s Hellos and the 43 s rule. Mycelium ignores the
 * seqno and interval of Hellos and answers each with an IHU (4.1), and it measures cost only with its own Hellos, so
 * the extra Hellos cost it one 16-byte IHU each and change nothing else.
 *
 * <p>The cost we measure is not distorted by fast Hellos. A new Hello is sent only once the previous one was answered,
 * or, if it stays unanswered, after max({@link RouterLimits#HELLO_UNANSWERED_RESEND_MS}, 2 × last round trip). We
 * count unanswered Hellos; since a link delivers in order and every peer answers every Hello, the IHU that brings the
 * count back to zero answers our latest Hello, so "time since our last Hello" is the exact round trip even when it
 * exceeds the Hello period or a Hello was repeated. IHUs that leave older Hellos unanswered, and unsolicited IHUs,
 * give no sample (Mycelium would sample them against its latest Hello) but count for liveness. If two repeats in a row
 * go unanswered, older Hellos are presumed lost and forgotten.
 *
 * <p>Every IHU tells {@link CostReselection}, which re-runs route selection when the cost moved (our extension).
 */
final class LinkMonitor {

    private final RouterEngine engine;

    LinkMonitor(RouterEngine engine) {
        this.engine = engine;
    }

    /** Link up: first Hello now (Mycelium waits for its global 20 s tick; sooner classification helps). */
    void start(NeighbourState s) {
        sendHello(s);
        scheduleHello(s);
    }

    void onHello(NeighbourState s, Hello hello) {
        engine.send(s, new Ihu(s.linkCost(), ProtocolConstants.IHU_INTERVAL_CS, null));
        PeerKind kind = hello.intervalCs() <= RouterLimits.FAST_HELLO_MAX_INTERVAL_CS ? PeerKind.OURS
                : PeerKind.MYCELIUM;
        if (kind != s.kind) {
            s.kind = kind;
            engine.markDirty();
            scheduleHello(s);
            if (usesFastLiveness(s)) {
                armLiveness(s);
            }
        }
    }

    void onIhu(NeighbourState s) {
        long now = engine.now();
        // Only an IHU with exactly one Hello outstanding times that Hello; with two outstanding we cannot tell which
        // one it answers, so we skip the sample. Either way nothing is outstanding afterwards: a lost Hello must not
        // leave the counter behind for ever (which would stop all later samples).
        if (s.unansweredHellos == 1) {
            int sample = (int) ((now - s.lastHelloSent) & 0xFFFF);
            // Our choice with reselectOnCostChange: the first sample replaces Mycelium's starting cost of 1000, so a
            // new link is judged by what it measures at once (not after ~40 samples of smoothing) and its routes are
            // not re-announced over and over while the cost slides down.
            boolean first = s.lastRttSample < 0;
            s.smoothedRtt = first && engine.config().reselectOnCostChange() ? sample
                    : (9 * s.smoothedRtt + sample) / 10;
            s.lastRttSample = sample;
            engine.markDirty();
        }
        s.unansweredHellos = 0;
        s.lastIhu = now;
        engine.costReselection.costSampled(s);
    }

    /** Mycelium's periodic dead-peer check (every 10 s, dead after 43 s) for every peer not on fast liveness. */
    void checkSlowPeers() {
        long now = engine.now();
        for (NeighbourState s : new ArrayList<>(engine.neighbourStates())) {
            if (!usesFastLiveness(s) && now - s.lastIhu > ProtocolConstants.DEAD_PEER_THRESHOLD_MS) {
                engine.neighbourDead(s);
            }
        }
    }

    boolean usesFastLiveness(NeighbourState s) {
        return engine.config().fastLiveness() && s.kind == PeerKind.OURS;
    }

    private boolean fastHellos(NeighbourState s) {
        return engine.config().fastLiveness() && s.kind != PeerKind.MYCELIUM;
    }

    private void sendHello(NeighbourState s) {
        int intervalCs = fastHellos(s) ? (int) (engine.config().fastHelloIntervalMs() / 10)
                : ProtocolConstants.HELLO_INTERVAL_CS;
        Hello hello = new Hello(Hello.UNICAST, s.helloSeqno, intervalCs);
        s.helloSeqno = (s.helloSeqno + 1) & 0xFFFF;
        s.lastHelloSent = engine.now();
        s.unansweredHellos = Math.min(2, s.unansweredHellos + 1);
        engine.send(s, hello);
    }

    private void scheduleHello(NeighbourState s) {
        long period = fastHellos(s) ? engine.config().fastHelloIntervalMs() : ProtocolConstants.HELLO_INTERVAL_MS;
        long gen = ++s.helloTimerGen;
        engine.timer(period, () -> onHelloTimer(s, gen));
    }

    private void onHelloTimer(NeighbourState s, long gen) {
        if (!s.alive || s.helloTimerGen != gen) {
            return;
        }
        long resendAfter = Math.max(RouterLimits.HELLO_UNANSWERED_RESEND_MS, 2L * s.lastRttSample);
        if (s.unansweredHellos == 0 || engine.now() - s.lastHelloSent > resendAfter) {
            sendHello(s);
        }
        scheduleHello(s);
    }

    private long fastDeadAfter(NeighbourState s) {
        return Math.max(engine.config().fastDeadAfterMs(),
                (long) RouterLimits.FAST_DEAD_RTT_FACTOR * Math.max(0, s.lastRttSample));
    }

    private void armLiveness(NeighbourState s) {
        long at = s.lastIhu + fastDeadAfter(s) + 1;
        long gen = ++s.livenessTimerGen;
        engine.timer(at - engine.now(), () -> onLivenessTimer(s, gen));
    }

    private void onLivenessTimer(NeighbourState s, long gen) {
        if (!s.alive || s.livenessTimerGen != gen || !usesFastLiveness(s)) {
            return;
        }
        if (engine.now() - s.lastIhu > fastDeadAfter(s)) {
            engine.neighbourDead(s);
        } else {
            armLiveness(s);
        }
    }
}
