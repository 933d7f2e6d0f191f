package dev.mycelium.core.router;

import dev.mycelium.core.wire.Ipv6Text;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Packet and byte counts per source and per destination address (admin API "stats/packets", 8.1). */
final class PacketStats {

    private record Ip(long hi, long lo) {
        static Ip of(byte[] a) {
            long hi = 0;
            long lo = 0;
            for (int i = 0; i < 8; i++) {
                hi = (hi << 8) | (a[i] & 0xFF);
                lo = (lo << 8) | (a[i + 8] & 0xFF);
            }
            return new Ip(hi, lo);
        }

        byte[] bytes() {
            byte[] a = new byte[16];
            for (int i = 0; i < 8; i++) {
                a[i] = (byte) (hi >>> (56 - 8 * i));
                a[i + 8] = (byte) (lo >>> (56 - 8 * i));
            }
            return a;
        }
    }

    private static final class Count {
        long packets;
        long bytes;
    }

    private final Map<Ip, Count> bySource = new HashMap<>();
    private final Map<Ip, Count> byDestination = new HashMap<>();
    private final RouterCounters counters;

    PacketStats(RouterCounters counters) {
        this.counters = counters;
    }

    void record(byte[] src, byte[] dst, int bytes) {
        add(bySource, src, bytes);
        add(byDestination, dst, bytes);
    }

    private void add(Map<Ip, Count> map, byte[] ip, int bytes) {
        Ip key = Ip.of(ip);
        Count c = map.get(key);
        if (c == null) {
            if (map.size() >= RouterLimits.MAX_PACKET_STAT_ADDRESSES) {
                counters.packetStatsOverflow++;
                return;
            }
            c = new Count();
            map.put(key, c);
        }
        c.packets++;
        c.bytes += bytes;
    }

    RouterSnapshot.PacketStatistics snapshot() {
        return new RouterSnapshot.PacketStatistics(list(bySource), list(byDestination));
    }

    private static List<RouterSnapshot.PacketStat> list(Map<Ip, Count> map) {
        List<RouterSnapshot.PacketStat> out = new ArrayList<>(map.size());
        map.forEach((ip, c) -> out.add(new RouterSnapshot.PacketStat(Ipv6Text.format(ip.bytes()), c.packets,
                c.bytes)));
        return List.copyOf(out);
    }
}
