package dev.mycelium.core.router;

import dev.mycelium.core.wire.Ipv6Text;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;

/**
 * Packet and byte counts per source and per destination address (admin API "stats/packets", 8.1).
 *
 * <p>Thread-safe and allocation-free once an address is known: data packets are counted on whichever thread forwards
 * them (the router's owner, or the caller on the direct path). Each address has one counter object, found through a
 * lock-free table keyed by the address's two halves; a new address takes a short lock. At most
 * {@link RouterLimits#MAX_PACKET_STAT_ADDRESSES} addresses per direction; others are counted as overflow.
 */
final class PacketStats {

    private static final AtomicLongFieldUpdater<Count> PACKETS =
            AtomicLongFieldUpdater.newUpdater(Count.class, "packets");
    private static final AtomicLongFieldUpdater<Count> BYTES = AtomicLongFieldUpdater.newUpdater(Count.class, "bytes");

    private static final class Count {
        final long hi;
        final long lo;
        /** Next counter whose address has the same first half (short chains: one /64 holds few addresses). */
        final Count next;
        volatile long packets;
        volatile long bytes;

        Count(long hi, long lo, Count next) {
            this.hi = hi;
            this.lo = lo;
            this.next = next;
        }

        void add(int bytes) {
            PACKETS.incrementAndGet(this);
            BYTES.addAndGet(this, bytes);
        }
    }

    /** Counters of one direction: first halves to chains of counters. */
    private static final class Table {
        private final LongTable<Count> byHi = new LongTable<>();
        private final List<Count> all = new ArrayList<>();

        Count find(long hi, long lo) {
            for (Count c = byHi.get(hi); c != null; c = c.next) {
                if (c.lo == lo) {
                    return c;
                }
            }
            return null;
        }
    }

    private final Table bySource = new Table();
    private final Table byDestination = new Table();
    private final RouterCounters counters;
    PacketStats(RouterCounters counters) {
        this.counters = counters;
    }

    /** Set by every count, cleared when {@link #current()} rebuilds its view. */
    private volatile boolean changed;
    /** The last view built by {@link #current()}; guarded by {@code this}. */
    private RouterSnapshot.PacketStatistics view = new RouterSnapshot.PacketStatistics(List.of(), List.of());

    /** Counts one data packet (36-byte header at the reader index); any thread. */
    void record(ByteBuf packet) {
        int at = packet.readerIndex();
        int body = packet.readableBytes() - DataPacketView.HEADER_SIZE;
        add(bySource, packet.getLong(at + 4), packet.getLong(at + 12), body);
        add(byDestination, packet.getLong(at + 20), packet.getLong(at + 28), body);
        if (!changed) {
            changed = true;
        }
    }

    private void add(Table t, long hi, long lo, int bytes) {
        Count c = t.find(hi, lo);
        if (c == null) {
            c = insert(t, hi, lo);
            if (c == null) {
                counters.packetStatsOverflow.increment();
                return;
            }
        }
        c.add(bytes);
    }

    private Count insert(Table t, long hi, long lo) {
        synchronized (t) {
            Count c = t.find(hi, lo);
            if (c != null) {
                return c;
            }
            if (t.all.size() >= RouterLimits.MAX_PACKET_STAT_ADDRESSES) {
                return null;
            }
            c = new Count(hi, lo, t.byHi.get(hi));
            t.byHi.put(hi, c);
            t.all.add(c);
            return c;
        }
    }

    /**
     * The counts as of now: the same view object for as long as nothing was counted, a fresh one otherwise. Any
     * thread (the owner's snapshots and {@link Router#snapshot()} readers).
     */
    synchronized RouterSnapshot.PacketStatistics current() {
        if (changed) {
            // Clear before reading: a count racing with the read sets the flag again and is seen next time.
            changed = false;
            view = new RouterSnapshot.PacketStatistics(list(bySource), list(byDestination));
        }
        return view;
    }

    private static List<RouterSnapshot.PacketStat> list(Table t) {
        List<Count> counts;
        synchronized (t) {
            counts = new ArrayList<>(t.all);
        }
        List<RouterSnapshot.PacketStat> out = new ArrayList<>(counts.size());
        for (Count c : counts) {
            out.add(new RouterSnapshot.PacketStat(Ipv6Text.format(bytes(c.hi, c.lo)), c.packets, c.bytes));
        }
        return List.copyOf(out);
    }

    private static byte[] bytes(long hi, long lo) {
        byte[] a = new byte[16];
        for (int i = 0; i < 8; i++) {
            a[i] = (byte) (hi >>> (56 - 8 * i));
            a[i + 8] = (byte) (lo >>> (56 - 8 * i));
        }
        return a;
    }
}
