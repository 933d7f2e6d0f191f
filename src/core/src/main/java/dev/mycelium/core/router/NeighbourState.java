package dev.mycelium.core.router;

/** The router's per-neighbour link state (protocol.md 5.1); owner thread only. */
final class NeighbourState {

    final Neighbour neighbour;
    final String connectionId;
    /** Smoothed round trip in ms, Mycelium's "link_cost" before the static part is added. */
    int smoothedRtt = ProtocolConstants.DEFAULT_LINK_COST;
    int lastRttSample = -1;
    long lastHelloSent;
    long lastIhu;
    /** Hellos not answered yet; the IHU that brings it to 0 answers the latest Hello (links are ordered). */
    int unansweredHellos;
    int helloSeqno;
    PeerKind kind = PeerKind.UNKNOWN;
    boolean alive = true;
    /** Generation of the pending Hello timer; a timer whose generation is stale does nothing. */
    long helloTimerGen;
    /** Generation of the pending fast-liveness timer. */
    long livenessTimerGen;
    final long addedAt;
    /** Link cost when routes through this neighbour were last re-selected ({@link CostReselection}). */
    int costAtLastReselect;
    long lastReselectAt = Long.MIN_VALUE / 2;
    /** When the planned pass runs (MAX_VALUE: none planned), and the generation of its timer. */
    long reselectDueAt = Long.MAX_VALUE;
    long reselectTimerGen;

    NeighbourState(Neighbour neighbour, long now) {
        this.neighbour = neighbour;
        this.connectionId = neighbour.connectionId();
        this.lastHelloSent = now;
        this.lastIhu = now;
        this.addedAt = now;
        this.costAtLastReselect = linkCost();
    }

    /** Smoothed RTT plus the static cost, capped so it can never read as infinite. */
    int linkCost() {
        int fixed = Math.max(0, neighbour.staticLinkCost());
        return (int) Math.min((long) smoothedRtt + fixed, Metric.MAX_FINITE);
    }

    @Override
    public String toString() {
        return connectionId;
    }
}
