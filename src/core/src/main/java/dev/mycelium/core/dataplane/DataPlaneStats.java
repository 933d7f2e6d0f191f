package dev.mycelium.core.dataplane;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of the data plane: packets in and out, and every drop by its reason. Bumped by the TUN reader, the TUN
 * writer and the router's owner thread at once (one {@link LongAdder} per counter); read from any thread.
 */
public final class DataPlaneStats {

    /** What is counted. Names are stable: the admin API and {@code mycelium stats} print them. */
    public enum Counter {
        /** IPv6 packets read from the TUN. */
        TUN_PACKETS_READ,
        /** Bytes of those packets. */
        TUN_BYTES_READ,
        /** Local packets encrypted and handed to the router. */
        PACKETS_SENT,
        /** Local packets handed to the router to wait for a route (6.3 step 4). */
        PACKETS_AWAITING_ROUTE,
        /** IPv6 packets from the network written to the TUN. */
        PACKETS_DELIVERED,
        /** Bytes of those packets. */
        BYTES_DELIVERED,
        /** Local ICMPv6 errors written to the TUN (6.3), of any kind. */
        LOCAL_ICMP_SENT,

        /** TUN read: shorter than an IPv6 header or not IP version 6 (6.3 step 1). */
        DROP_NOT_IPV6,
        /** TUN read: larger than the MTU; answered with Packet Too Big. */
        DROP_TOO_BIG,
        /** TUN read: destination inside our own /64 (6.3 step 2); answered with address unreachable. */
        DROP_OWN_SUBNET,
        /** TUN read: source outside 400::/7 (6.3 step 2); answered with source address failed policy. */
        DROP_SOURCE_POLICY,
        /** TUN read: hop limit below 2 (6.3 step 3); answered with Time Exceeded. */
        DROP_HOP_LIMIT,
        /** Local packet without a route (non-overlay destination, queue full or timed out); answered with no route. */
        DROP_NO_ROUTE,
        /** The remote public key gives an all-zero X25519 result (6.1): nothing can be encrypted or decrypted. */
        DROP_REJECTED_KEY,

        /** Received data packet whose length field disagrees with the bytes present. */
        DROP_MALFORMED,
        /** Received data packet whose sender's key is unknown: handed to the router to wait (6.5 step 2). */
        INBOUND_AWAITING_SENDER,
        /** Received data packet whose sender's key stayed unknown after waiting. */
        DROP_UNKNOWN_SENDER,
        /** Sealed body shorter than nonce + tag + inner header. */
        DROP_SEALED_TOO_SHORT,
        /** Body that does not authenticate: wrong key, corrupted or forged (6.5 step 3). */
        AUTH_FAILURES,
        /** Decrypted body with an unknown data version or type (6.2). */
        DROP_BAD_INNER_HEADER,
        /** Decrypted L3 payload shorter than an IPv6 header (6.5 step 4). */
        DROP_INNER_TOO_SHORT,
        /** Decrypted message fragments (data type 1): this node has no message subsystem yet. */
        DROP_MESSAGE_UNSUPPORTED,

        /** Out-of-band ICMPs built for a packet a relay could not forward (6.6). */
        OOB_ICMP_SENT,
        /** Out-of-band ICMPs not built: the failed packet's source key is unknown, or the source is us. */
        OOB_ICMP_NOT_SENT,
        /** Out-of-band ICMPs received and written to the TUN as a local ICMPv6 error. */
        OOB_ICMP_DELIVERED,
        /** Out-of-band ICMPs received but dropped (malformed, unknown original destination, body not decryptable). */
        OOB_ICMP_DROPPED,

        /** Received packets dropped because the decrypt queue was full. */
        DROP_INBOUND_QUEUE_FULL,
        /** Packets for the TUN dropped because the TUN write queue was full. */
        DROP_TUN_QUEUE_FULL,
        /** Packets handed over before {@code attach} or after {@code close} (released at once). */
        DROP_NOT_RUNNING,
        /** TUN reads that failed. */
        TUN_READ_ERRORS,
        /** TUN writes that failed. */
        TUN_WRITE_ERRORS
    }

    private final Map<Counter, LongAdder> adders;

    public DataPlaneStats() {
        EnumMap<Counter, LongAdder> m = new EnumMap<>(Counter.class);
        for (Counter c : Counter.values()) {
            m.put(c, new LongAdder());
        }
        this.adders = Collections.unmodifiableMap(m);
    }

    public long get(Counter counter) {
        return adders.get(counter).sum();
    }

    /** Packets whose body failed authentication (tampered, forged, wrong key). */
    public long authFailures() {
        return get(Counter.AUTH_FAILURES);
    }

    public long packetsSent() {
        return get(Counter.PACKETS_SENT);
    }

    public long packetsDelivered() {
        return get(Counter.PACKETS_DELIVERED);
    }

    /** Every counter by its name in lower camel case, e.g. {@code authFailures}, in declaration order. */
    public Map<String, Long> toMap() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Counter c : Counter.values()) {
            out.put(camel(c.name()), get(c));
        }
        return out;
    }

    void increment(Counter counter) {
        adders.get(counter).increment();
    }

    void add(Counter counter, long n) {
        adders.get(counter).add(n);
    }

    private static String camel(String upper) {
        StringBuilder sb = new StringBuilder();
        boolean up = false;
        for (char ch : upper.toCharArray()) {
            if (ch == '_') {
                up = true;
            } else {
                sb.append(up ? ch : Character.toLowerCase(ch));
                up = false;
            }
        }
        return sb.toString();
    }
}
