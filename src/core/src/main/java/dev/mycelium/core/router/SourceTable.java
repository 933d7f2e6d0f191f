package dev.mycelium.core.router;

import java.util.HashMap;
import java.util.Map;

/**
 * Feasibility distances per source (protocol.md 5.3). Updated when this node <em>sends</em> an Update, consulted
 * when it receives one. Entries are garbage-collected {@link ProtocolConstants#SOURCE_HOLD_DURATION_MS} after their
 * last insert or timer reset.
 */
final class SourceTable {

    private static final class Entry {
        FeasibilityDistance fd;
        long gcAt;
        long timerAt = Long.MAX_VALUE;

        Entry(FeasibilityDistance fd, long gcAt) {
            this.fd = fd;
            this.gcAt = gcAt;
        }
    }

    private final OwnerTimers timers;
    private final RouterCounters counters;
    private final Map<SourceKey, Entry> table = new HashMap<>();

    SourceTable(OwnerTimers timers, RouterCounters counters) {
        this.timers = timers;
        this.counters = counters;
    }

    FeasibilityDistance get(SourceKey key) {
        Entry e = table.get(key);
        return e == null ? null : e.fd;
    }

    /** Feasible iff no distance is recorded for the source, or the distance admits (seqno, metric). */
    boolean isFeasible(SourceKey key, int seqno, int metric) {
        Entry e = table.get(key);
        return e == null || e.fd.admits(seqno, metric);
    }

    /** Applies an Update this node sends (protocol.md 5.3 "updated when this node sends"). */
    void onSend(SourceKey key, int seqno, int metric) {
        long gcAt = timers.now() + ProtocolConstants.SOURCE_HOLD_DURATION_MS;
        Entry e = table.get(key);
        if (e == null) {
            if (table.size() >= RouterLimits.MAX_SOURCES) {
                counters.sourceTableFull++;
                return;
            }
            e = new Entry(new FeasibilityDistance(metric, seqno), gcAt);
            table.put(key, e);
            arm(key, e);
        } else if (SeqNo.gt(seqno, e.fd.seqno())
                || (seqno == e.fd.seqno() && metric < e.fd.metric())) {
            e.fd = new FeasibilityDistance(metric, seqno);
            e.gcAt = gcAt;
        } else if (!Metric.isInfinite(metric)) {
            e.gcAt = gcAt;
        }
    }

    int size() {
        return table.size();
    }

    /** One timer per entry at a time: when it fires early (the entry was reset), it re-arms for the new time. */
    private void arm(SourceKey key, Entry e) {
        long at = e.gcAt;
        e.timerAt = at;
        timers.timer(at - timers.now(), () -> onTimer(key, e, at));
    }

    private void onTimer(SourceKey key, Entry e, long at) {
        if (table.get(key) != e || e.timerAt != at) {
            return;
        }
        e.timerAt = Long.MAX_VALUE;
        if (timers.now() < e.gcAt) {
            arm(key, e);
        } else {
            table.remove(key);
        }
    }
}
