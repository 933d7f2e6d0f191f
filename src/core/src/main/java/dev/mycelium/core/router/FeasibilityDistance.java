package dev.mycelium.core.router;

/** The (metric, seqno) pair a source-table entry holds (protocol.md 5.3). */
record FeasibilityDistance(int metric, int seqno) {

    /**
     * Feasibility of an advertised (seqno, metric) against this distance: newer seqno, or same seqno and strictly
     * smaller metric, or an infinite metric (Mycelium compares the advertised metric, without link cost).
     */
    boolean admits(int seqno, int metric) {
        return SeqNo.gt(seqno, this.seqno)
                || (seqno == this.seqno && metric < this.metric)
                || Metric.isInfinite(metric);
    }
}
