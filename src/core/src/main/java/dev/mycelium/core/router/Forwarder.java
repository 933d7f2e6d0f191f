package dev.mycelium.core.router;

import dev.mycelium.core.router.DataPlaneHook.OobIcmp;
import dev.mycelium.core.router.PacketQueues.Direction;
import dev.mycelium.core.router.PacketQueues.Queued;
import dev.mycelium.core.wire.Subnet;
import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * The router's data path (protocol.md 5.10, 6.3, 6.5, 6.7), in this order for every data packet, transit or local:
 * <ol>
 * <li>count it per source and destination address;</li>
 * <li>hop limit below 2: OOB ICMP Time Exceeded, drop; else decrement;</li>
 * <li>destination in our /64: local delivery;</li>
 * <li>longest-prefix match: selected route → its neighbour (re-querying a route within 15 s of expiry); routes but
 * none selected → OOB ICMP No Route; being queried → queue; unknown → route request for the /64 and queue (queue
 * full → OOB ICMP No Route).</li>
 * </ol>
 * Queued packets are released when a usable route gets selected, dropped when it is lost or after 15 s.
 *
 * <p>Two ways in. {@link #tryDirect} runs on the thread that hands the packet over (TUN reader, a link's event loop)
 * and takes the common case: for us, or a selected finite route through a live neighbour that is not about to expire,
 * as published in the {@link RouteLookup}. It applies the same rules (count, hop limit, decrement) and changes nothing
 * when it declines. Everything else is queued to the owner thread and goes through {@link #route}. Packets of one
 * flow come from one thread and take the direct path together, so their order is kept; a flow can only be
 * reordered in the moment its route changes between queued and direct handling.
 */
final class Forwarder {

    private final RouterEngine engine;
    private final PacketQueues queues;
    /** The first 64 bits of our /64: a destination with these is ours. */
    private final long ownPrefix;

    Forwarder(RouterEngine engine) {
        this.engine = engine;
        this.queues = new PacketQueues(engine, this::timedOut);
        this.ownPrefix = OverlayAddresses.prefix64(engine.ownSubnet.address());
    }

    /**
     * The direct path, on any thread: forwards or delivers {@code packet} (taking ownership) and returns true when
     * the decision needs no owner state; otherwise returns false with the packet untouched, for {@link #route}. With
     * {@code maxWaitNanos > 0} (a caller that may block) it first waits that long at most for room at the next hop.
     */
    boolean tryDirect(ByteBuf packet, long maxWaitNanos) {
        if (!DataPacketView.isWellFormed(packet)) {
            return false;
        }
        int at = packet.readerIndex();
        int hop = packet.getUnsignedByte(at + 3);
        if (hop < 2) {
            return false;
        }
        long hi = packet.getLong(at + 20);
        if (hi == ownPrefix) {
            engine.packetStats.record(packet);
            packet.setByte(at + 3, hop - 1);
            engine.hook.deliverLocal(packet);
            return true;
        }
        RouteLookup.Destination d = engine.lookup.lookup(hi, packet.getLong(at + 28));
        if (d == null || d.nextHop == null
                || d.expiresAt - engine.now() < ProtocolConstants.ROUTE_ALMOST_EXPIRED_THRESHOLD_MS) {
            return false;
        }
        engine.packetStats.record(packet);
        packet.setByte(at + 3, hop - 1);
        try {
            if (maxWaitNanos > 0) {
                d.nextHop.awaitRoom(maxWaitNanos);
            }
            d.nextHop.sendData(packet);
        } catch (RuntimeException e) {
            engine.counters.directSendFailures.increment();
        }
        return true;
    }

    /** Route one data packet (from a neighbour, or locally originated and already encrypted). Takes ownership. */
    void route(ByteBuf packet) {
        if (!DataPacketView.isWellFormed(packet)) {
            engine.counters.packetsMalformed++;
            packet.release();
            return;
        }
        byte[] dst = DataPacketView.destination(packet);
        engine.packetStats.record(packet);
        int hop = DataPacketView.hopLimit(packet);
        if (hop < 2) {
            engine.counters.packetsTimeExceeded++;
            engine.hook.oobIcmp(OobIcmp.TIME_EXCEEDED, packet);
            return;
        }
        DataPacketView.setHopLimit(packet, hop - 1);
        if (engine.ownSubnet.contains(dst)) {
            engine.hook.deliverLocal(packet);
            return;
        }
        forward(packet, dst);
    }

    private void forward(ByteBuf packet, byte[] dst) {
        SubnetEntry e = engine.table.longest(dst);
        if (e != null && !e.isQueried()) {
            RouteEntry sel = e.selected();
            if (sel == null) {
                engine.counters.packetsNoRoute++;
                engine.hook.oobIcmp(OobIcmp.NO_ROUTE, packet);
                return;
            }
            if (sel.expiresAt - engine.now() < ProtocolConstants.ROUTE_ALMOST_EXPIRED_THRESHOLD_MS) {
                engine.routeRequests.originate(OverlayAddresses.subnet64(dst));
            }
            sendData(sel.neighbour, packet);
            return;
        }
        if (e == null) {
            if (!OverlayAddresses.isGlobal(dst)) {
                // A route request for it would break 4.7; nothing can route it.
                engine.counters.packetsUnroutableDestination++;
                packet.release();
                return;
            }
            engine.routeRequests.originate(OverlayAddresses.subnet64(dst));
        }
        if (!queues.offer(Direction.OUTBOUND, OverlayAddresses.prefix64(dst), new Queued(packet, false))) {
            engine.counters.packetsQueueFull++;
            engine.hook.oobIcmp(OobIcmp.NO_ROUTE, packet);
        }
    }

    /**
     * A local packet the data plane could not encrypt yet (6.3 step 4): released at once if a route is selected by
     * now; else a seqno request (only fallback routes) or a route request (unknown), and queued.
     */
    void awaitLocal(byte[] dst, ByteBuf plaintext) {
        SubnetEntry e = engine.table.longest(dst);
        RouteEntry sel = e == null || e.isQueried() ? null : e.selected();
        if (sel != null && !Metric.isInfinite(sel.metric)) {
            engine.hook.releaseLocal(plaintext);
            return;
        }
        if (!OverlayAddresses.isGlobal(dst)) {
            engine.counters.packetsUnroutableDestination++;
            engine.hook.localUnroutable(plaintext);
            return;
        }
        if (e == null) {
            engine.routeRequests.originate(OverlayAddresses.subnet64(dst));
        } else if (!e.isQueried() && !e.routes.isEmpty()) {
            engine.seqnoRequests.send(e.routes.get(0).source(), null, null);
        }
        if (!queues.offer(Direction.OUTBOUND, OverlayAddresses.prefix64(dst), new Queued(plaintext, true))) {
            engine.counters.packetsQueueFull++;
            engine.hook.localUnroutable(plaintext);
        }
    }

    /** A received packet whose sender's key is unknown (6.5 step 2): released once the sender's subnet is known. */
    void awaitInbound(byte[] src, ByteBuf packet) {
        SubnetEntry e = engine.table.longest(src);
        if (e != null && !e.isQueried()) {
            engine.hook.releaseInbound(packet);
            return;
        }
        if (!OverlayAddresses.isGlobal(src)) {
            engine.counters.packetsUnroutableDestination++;
            packet.release();
            return;
        }
        if (e == null) {
            engine.routeRequests.originate(OverlayAddresses.subnet64(src));
        }
        if (!queues.offer(Direction.INBOUND, OverlayAddresses.prefix64(src), new Queued(packet, false))) {
            engine.counters.packetsQueueFull++;
            packet.release();
        }
    }

    /** A usable route to {@code subnet} appeared (5.4 step 8): forward, hand back and deliver what waited. */
    void releaseQueued(Subnet subnet) {
        long key = OverlayAddresses.prefix64(subnet.address());
        for (Queued q : queues.take(Direction.OUTBOUND, key)) {
            if (q.local()) {
                engine.hook.releaseLocal(q.buf());
            } else {
                // Already counted and hop-decremented when it arrived.
                forward(q.buf(), DataPacketView.destination(q.buf()));
            }
        }
        for (Queued q : queues.take(Direction.INBOUND, key)) {
            engine.hook.releaseInbound(q.buf());
        }
    }

    /** The route to {@code subnet} was lost: what waits for it will not be sent (local ones get an ICMP). */
    void dropQueued(Subnet subnet) {
        dropAll(queues.take(Direction.OUTBOUND, OverlayAddresses.prefix64(subnet.address())));
    }

    private void timedOut(Direction dir, List<Queued> packets) {
        engine.counters.packetsQueueTimedOut += packets.size();
        dropAll(packets);
    }

    private void dropAll(List<Queued> packets) {
        for (Queued q : packets) {
            if (q.local()) {
                engine.hook.localUnroutable(q.buf());
            } else {
                q.buf().release();
            }
        }
    }

    void releaseAll() {
        for (Queued q : queues.takeAll()) {
            q.buf().release();
        }
    }

    int queued(Direction dir) {
        return queues.size(dir);
    }

    private void sendData(NeighbourState n, ByteBuf packet) {
        if (!n.alive) {
            engine.counters.sendsToDeadNeighbour++;
            packet.release();
            return;
        }
        try {
            n.neighbour.sendData(packet);
        } catch (RuntimeException e) {
            engine.counters.neighbourSendFailures++;
        }
    }
}
