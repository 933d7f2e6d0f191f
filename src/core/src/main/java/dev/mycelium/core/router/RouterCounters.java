package dev.mycelium.core.router;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Drop and event counters. The plain fields belong to the owner thread; the adders are bumped by the enqueuing
 * threads (inbox overflow). {@link #toMap()} is published in every snapshot.
 */
final class RouterCounters {

    // Written by any thread (the inbox).
    final LongAdder controlInboxFull = new LongAdder();
    final LongAdder dataInboxFull = new LongAdder();
    final LongAdder seqnoRequestQueueFull = new LongAdder();
    final LongAdder afterClose = new LongAdder();
    /** Packets not counted per address because the statistics were full (any forwarding thread). */
    final LongAdder packetStatsOverflow = new LongAdder();
    /** A neighbour threw from {@code sendData} on the direct path. */
    final LongAdder directSendFailures = new LongAdder();

    // Owner thread only.
    long tlvFromUnknownNeighbour;
    long updatesFiltered;
    long updatesForOwnSubnet;
    long routeRequestsRejected;
    long routeRequestsGenerationDropped;
    long seqnoRequestsDeduplicated;
    long seqnoRequestsHopLimit;
    long seqnoRequestsUnhandled;
    long seqnoBumps;
    long seqnoBumpsRateLimited;
    /** Our route offered to a neighbour that announced a much worse one (route repair). */
    long betterRoutesOffered;
    /** Route selection passes after link-cost changes, selections they changed, drifted routes re-announced. */
    long costReselectionPasses;
    long costReselectionSwitches;
    long costReannouncements;
    long sendsToDeadNeighbour;
    long neighbourSendFailures;
    long neighboursDeclaredDead;
    long sourceTableFull;
    long routingTableFull;
    long queriedSubnetsFull;
    long seqnoCacheFull;
    long rrCacheFull;
    long packetsTimeExceeded;
    long packetsNoRoute;
    long packetsUnroutableDestination;
    long packetsMalformed;
    long packetsQueueFull;
    long packetsQueueTimedOut;
    long taskFailures;

    /** Sum of the owner-thread counters: a change means the published snapshot is stale. */
    long ownerFingerprint() {
        return tlvFromUnknownNeighbour
                + updatesFiltered
                + updatesForOwnSubnet
                + routeRequestsRejected
                + routeRequestsGenerationDropped
                + seqnoRequestsDeduplicated
                + seqnoRequestsHopLimit
                + seqnoRequestsUnhandled
                + seqnoBumps
                + seqnoBumpsRateLimited
                + betterRoutesOffered
                + costReselectionPasses
                + costReselectionSwitches
                + costReannouncements
                + sendsToDeadNeighbour
                + neighbourSendFailures
                + neighboursDeclaredDead
                + sourceTableFull
                + routingTableFull
                + queriedSubnetsFull
                + seqnoCacheFull
                + rrCacheFull
                + packetsTimeExceeded
                + packetsNoRoute
                + packetsUnroutableDestination
                + packetsMalformed
                + packetsQueueFull
                + packetsQueueTimedOut
                + taskFailures;
    }

    Map<String, Long> toMap() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("controlInboxFull", controlInboxFull.sum());
        m.put("dataInboxFull", dataInboxFull.sum());
        m.put("seqnoRequestQueueFull", seqnoRequestQueueFull.sum());
        m.put("afterClose", afterClose.sum());
        m.put("tlvFromUnknownNeighbour", tlvFromUnknownNeighbour);
        m.put("updatesFiltered", updatesFiltered);
        m.put("updatesForOwnSubnet", updatesForOwnSubnet);
        m.put("routeRequestsRejected", routeRequestsRejected);
        m.put("routeRequestsGenerationDropped", routeRequestsGenerationDropped);
        m.put("seqnoRequestsDeduplicated", seqnoRequestsDeduplicated);
        m.put("seqnoRequestsHopLimit", seqnoRequestsHopLimit);
        m.put("seqnoRequestsUnhandled", seqnoRequestsUnhandled);
        m.put("seqnoBumps", seqnoBumps);
        m.put("seqnoBumpsRateLimited", seqnoBumpsRateLimited);
        m.put("betterRoutesOffered", betterRoutesOffered);
        m.put("costReselectionPasses", costReselectionPasses);
        m.put("costReselectionSwitches", costReselectionSwitches);
        m.put("costReannouncements", costReannouncements);
        m.put("sendsToDeadNeighbour", sendsToDeadNeighbour);
        m.put("neighbourSendFailures", neighbourSendFailures);
        m.put("neighboursDeclaredDead", neighboursDeclaredDead);
        m.put("sourceTableFull", sourceTableFull);
        m.put("routingTableFull", routingTableFull);
        m.put("queriedSubnetsFull", queriedSubnetsFull);
        m.put("seqnoCacheFull", seqnoCacheFull);
        m.put("rrCacheFull", rrCacheFull);
        m.put("packetsTimeExceeded", packetsTimeExceeded);
        m.put("packetsNoRoute", packetsNoRoute);
        m.put("packetsUnroutableDestination", packetsUnroutableDestination);
        m.put("packetsMalformed", packetsMalformed);
        m.put("packetsQueueFull", packetsQueueFull);
        m.put("packetsQueueTimedOut", packetsQueueTimedOut);
        m.put("packetStatsOverflow", packetStatsOverflow.sum());
        m.put("directSendFailures", directSendFailures.sum());
        m.put("taskFailures", taskFailures);
        return m;
    }
}
