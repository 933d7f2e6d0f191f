package dev.mycelium.core.router;

import io.netty.buffer.ByteBuf;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Packets waiting for a route, keyed by /64 (protocol.md 5.11, 6.3, 6.5):
 * <ul>
 * <li>outbound, by destination: transit data packets and local plaintext packets together, 10 000 per /64 and
 * 1 000 000 in all;</li>
 * <li>inbound, by source: received data packets whose sender's key is not known yet, 100 per /64 and 10 000 in all.</li>
 * </ul>
 * A /64's queue lives at most {@link ProtocolConstants#ROUTE_QUERY_TIMEOUT_MS} from its first packet (Mycelium
 * ties it to the query marker, created together with the queue); then its packets go to the timeout callback. All
 * queues together also hold at most {@link RouterLimits#QUEUE_MAX_BYTES}.
 */
final class PacketQueues {

    enum Direction { OUTBOUND, INBOUND }

    /** One queued packet; {@code local} marks plaintext from our data plane (vs. a transit or inbound data packet). */
    record Queued(ByteBuf buf, boolean local) {
    }

    private static final class Pending {
        final ArrayDeque<Queued> packets = new ArrayDeque<>();
        final long deadline;

        Pending(long deadline) {
            this.deadline = deadline;
        }
    }

    private final OwnerTimers timers;
    private final Map<Long, Pending> outbound = new HashMap<>();
    private final Map<Long, Pending> inbound = new HashMap<>();
    private final BiConsumer<Direction, List<Queued>> onTimeout;
    private int outboundTotal;
    private int inboundTotal;
    private long bytes;

    PacketQueues(OwnerTimers timers, BiConsumer<Direction, List<Queued>> onTimeout) {
        this.timers = timers;
        this.onTimeout = onTimeout;
    }

    /** Queues {@code q} for the /64 {@code prefix64}; false (nothing kept, caller still owns the buffer) when full. */
    boolean offer(Direction dir, long prefix64, Queued q) {
        boolean in = dir == Direction.INBOUND;
        int perSubnet = in ? ProtocolConstants.INBOUND_QUEUE_MAX_PER_SUBNET : ProtocolConstants.QUEUE_MAX_PER_SUBNET;
        int total = in ? ProtocolConstants.INBOUND_QUEUE_MAX_TOTAL : ProtocolConstants.QUEUE_MAX_TOTAL;
        int size = q.buf().readableBytes();
        if ((in ? inboundTotal : outboundTotal) >= total || bytes + size > RouterLimits.QUEUE_MAX_BYTES) {
            return false;
        }
        Map<Long, Pending> map = in ? inbound : outbound;
        Pending p = map.get(prefix64);
        if (p == null) {
            long deadline = timers.now() + ProtocolConstants.ROUTE_QUERY_TIMEOUT_MS;
            p = new Pending(deadline);
            map.put(prefix64, p);
            Pending armed = p;
            timers.timer(ProtocolConstants.ROUTE_QUERY_TIMEOUT_MS, () -> expire(dir, prefix64, armed));
        }
        if (p.packets.size() >= perSubnet) {
            return false;
        }
        p.packets.add(q);
        bytes += size;
        if (in) {
            inboundTotal++;
        } else {
            outboundTotal++;
        }
        return true;
    }

    /** Removes and returns everything queued for {@code prefix64} in {@code dir}. */
    List<Queued> take(Direction dir, long prefix64) {
        Pending p = (dir == Direction.INBOUND ? inbound : outbound).remove(prefix64);
        return p == null ? List.of() : drain(dir, p);
    }

    /** Removes everything (router closing). */
    List<Queued> takeAll() {
        List<Queued> all = new ArrayList<>();
        for (Pending p : outbound.values()) {
            all.addAll(drain(Direction.OUTBOUND, p));
        }
        for (Pending p : inbound.values()) {
            all.addAll(drain(Direction.INBOUND, p));
        }
        outbound.clear();
        inbound.clear();
        return all;
    }

    int size(Direction dir) {
        return dir == Direction.INBOUND ? inboundTotal : outboundTotal;
    }

    private List<Queued> drain(Direction dir, Pending p) {
        List<Queued> out = new ArrayList<>(p.packets);
        for (Queued q : out) {
            bytes -= q.buf().readableBytes();
        }
        if (dir == Direction.INBOUND) {
            inboundTotal -= out.size();
        } else {
            outboundTotal -= out.size();
        }
        p.packets.clear();
        return out;
    }

    private void expire(Direction dir, long prefix64, Pending armed) {
        Map<Long, Pending> map = dir == Direction.INBOUND ? inbound : outbound;
        if (map.get(prefix64) != armed) {
            return;
        }
        map.remove(prefix64);
        List<Queued> out = drain(dir, armed);
        if (!out.isEmpty()) {
            onTimeout.accept(dir, out);
        }
    }
}
