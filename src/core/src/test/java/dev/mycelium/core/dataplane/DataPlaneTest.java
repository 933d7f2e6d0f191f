package dev.mycelium.core.dataplane;

import static dev.mycelium.core.dataplane.Ipv6Packets.MARKER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mycelium.core.crypto.PacketCipher;
import dev.mycelium.core.crypto.SharedSecret;
import dev.mycelium.core.dataplane.DataPlaneStats.Counter;
import dev.mycelium.testkit.Vectors;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Routers wired with data planes and in-memory TUNs over direct links: the end-to-end behaviour of section 6. */
class DataPlaneTest extends OnTestNet {

    @Test
    void anEchoRequestCrossesARelayByteIdenticalAndTheRelaySeesOnlyCiphertext() throws Exception {
        TestNet.Node a = net.node("A");
        TestNet.Node b = net.noTunNode("B"); // a relay with --no-tun still relays (6.5 step 7)
        TestNet.Node c = net.node("C");
        TestNet.End ab = net.link(a, b);
        TestNet.End bc = net.link(b, c);
        net.awaitFullMesh();

        byte[] ping = Ipv6Packets.echoRequest(a.address(), c.address(), 64, 120);
        a.tun().inject(ping);

        byte[] out = c.tun().awaitWritten(TestNet.WAIT);
        // Only the hop limit changes: A, B and C each take one off and C writes the outer value back (5.10, 6.5).
        assertThat(out).isEqualTo(Ipv6Packets.withHopLimit(ping, 61));
        assertThat(Ipv6Packets.checksum(out)).isZero();

        assertThat(ab.sentData).hasSize(1);
        assertThat(bc.sentData).hasSize(1);
        for (byte[] onWire : new byte[][] {ab.sentData.get(0), bc.sentData.get(0)}) {
            assertThat(Ipv6Packets.contains(onWire, MARKER)).as("plaintext marker on the wire").isFalse();
            assertThat(Ipv6Packets.contains(onWire, Arrays.copyOfRange(ping, 40, ping.length))).isFalse();
            // What a relay sees: overlay source and destination in the clear header, nothing else.
            assertThat(Arrays.copyOfRange(onWire, 4, 20)).isEqualTo(a.address());
            assertThat(Arrays.copyOfRange(onWire, 20, 36)).isEqualTo(c.address());
        }
        assertThat(((NoneTunDevice) b.device).discardedPackets()).isZero();
        assertThat(b.stats().get(Counter.PACKETS_DELIVERED)).isZero();
        // Both counted just after the hand-over: wait for them rather than race them.
        await().atMost(TestNet.WAIT).until(() -> a.stats().packetsSent() == 1 && c.stats().packetsDelivered() == 1);
    }

    @Test
    void batchedDevicesCarryABurstInOrderThroughARelay() throws Exception {
        TestNet.Node a = net.batchedNode("A");
        TestNet.Node b = net.node("B");
        TestNet.Node c = net.batchedNode("C");
        net.link(a, b);
        net.link(b, c);
        net.awaitFullMesh();

        int count = 300;
        byte[][] sent = new byte[count][];
        for (int i = 0; i < count; i++) {
            sent[i] = Ipv6Packets.echoRequest(a.address(), c.address(), 64, 60 + i);
            a.tun().inject(sent[i]);
        }
        for (int i = 0; i < count; i++) {
            assertThat(c.tun().awaitWritten(TestNet.WAIT)).as("packet %d", i)
                    .isEqualTo(Ipv6Packets.withHopLimit(sent[i], 61));
        }
        assertThat(a.tun().batchCalls()).isPositive().isLessThanOrEqualTo(count);
        assertThat(c.tun().batchCalls()).isPositive().isLessThanOrEqualTo(count);
        assertThat(a.stats().get(Counter.TUN_PACKETS_READ)).isEqualTo(count);
    }

    @Test
    void theBodyIsTheSealedInnerPacketInMyceliumsLayout() throws Exception {
        TestNet.Node a = net.node("A");
        TestNet.Node b = net.node("B");
        TestNet.End ab = net.link(a, b);
        net.awaitFullMesh();

        byte[] ping = Ipv6Packets.echoRequest(a.address(), b.address(), 64, 100);
        a.tun().inject(ping);
        assertThat(b.tun().awaitWritten(TestNet.WAIT)).isEqualTo(Ipv6Packets.withHopLimit(ping, 62));

        byte[] wire = ab.sentData.get(0);
        ByteBuffer header = ByteBuffer.wrap(wire, 0, 36);
        int word = header.getInt();
        int bodyLength = (word >>> 8) & 0xFFFF;
        assertThat(word & 0xFF).as("hop limit after A's own decrement").isEqualTo(63);
        assertThat(wire.length).isEqualTo(36 + bodyLength);
        // aead_output_length: 25 bytes of payload seal to 57 (inner header 4 + tag 16 + nonce 12 on top).
        Vectors.Vector v = Vectors.named("aead_output_length");
        int overhead = v.expected().get("ciphertext_total_len").asInt() - v.input().get("plaintext_len").asInt();
        assertThat(bodyLength).isEqualTo(ping.length + overhead);

        // Opened independently with the raw X25519 secret of B and A: 01 00 00 00 then the packet as A read it.
        SharedSecret secret = SharedSecret.compute(b.keys, a.keys.publicKey());
        ByteBuffer plain = ByteBuffer.allocate(bodyLength);
        assertThat(new PacketCipher().open(secret, ByteBuffer.wrap(wire, 36, bodyLength), plain))
                .isEqualTo(PacketCipher.OpenResult.OK);
        plain.flip();
        byte[] inner = new byte[plain.remaining()];
        plain.get(inner);
        assertThat(HexFormat.of().formatHex(inner, 0, 4)).isEqualTo("01000000");
        assertThat(Arrays.copyOfRange(inner, 4, inner.length)).isEqualTo(ping);
    }

    @Test
    void repliesFlowBackAndAPacketOfExactlyTheMtuCrosses() throws Exception {
        TestNet.Node a = net.node("A");
        TestNet.Node b = net.node("B");
        TestNet.End ab = net.link(a, b);
        net.awaitFullMesh();

        byte[] full = Ipv6Packets.echoRequest(a.address(), b.address(), 64, 1400);
        a.tun().inject(full);
        assertThat(b.tun().awaitWritten(TestNet.WAIT)).isEqualTo(Ipv6Packets.withHopLimit(full, 62));
        // 6.4: 1400 bytes of IPv6 become a 1432-byte body, 1472 bytes with both headers on a stream.
        assertThat(ab.sentData.get(0).length).isEqualTo(36 + 1432);

        byte[] reply = Ipv6Packets.echoRequest(b.address(), a.address(), 64, 80);
        b.tun().inject(reply);
        assertThat(a.tun().awaitWritten(TestNet.WAIT)).isEqualTo(Ipv6Packets.withHopLimit(reply, 62));
    }

    @Test
    void tamperedCiphertextIsCountedAsAnAuthenticationFailure() throws Exception {
        TestNet.Node a = net.node("A");
        TestNet.Node b = net.node("B");
        TestNet.Node c = net.node("C");
        net.link(a, b);
        TestNet.End bc = net.link(b, c);
        net.awaitFullMesh();
        bc.tamper = bytes -> {
            byte[] t = bytes.clone();
            t[36 + 10] ^= 0x01; // one bit of ciphertext
            return t;
        };

        a.tun().inject(Ipv6Packets.echoRequest(a.address(), c.address(), 64, 100));

        await().atMost(TestNet.WAIT).until(() -> c.stats().authFailures() == 1);
        assertThat(c.tun().writtenCount()).isZero();
        assertThat(c.stats().packetsDelivered()).isZero();

        bc.tamper = bytes -> bytes;
        byte[] clean = Ipv6Packets.echoRequest(a.address(), c.address(), 64, 100);
        a.tun().inject(clean);
        assertThat(c.tun().awaitWritten(TestNet.WAIT)).isEqualTo(Ipv6Packets.withHopLimit(clean, 61));
        assertThat(c.stats().authFailures()).isEqualTo(1);
    }

    @Test
    void hopLimitExhaustedAtARelayComesBackAsTimeExceededFromTheRelay() throws Exception {
        TestNet.Node a = net.node("A");
        TestNet.Node b = net.node("B");
        TestNet.Node c = net.node("C");
        net.link(a, b);
        TestNet.End bc = net.link(b, c);
        net.awaitFullMesh();

        // Hop limit 2: A takes one off, B finds 1 (< 2) and cannot forward (5.10).
        byte[] ping = Ipv6Packets.echoRequest(a.address(), c.address(), 2, 100);
        a.tun().inject(ping);

        byte[] icmp = a.tun().awaitWritten(TestNet.WAIT);
        assertThat(icmp).isNotNull();
        assertThat(Ipv6Packets.icmpType(icmp)).isEqualTo(3);
        assertThat(Ipv6Packets.icmpCode(icmp)).isEqualTo(0);
        assertThat(Ipv6Packets.source(icmp)).isEqualTo(b.network());
        assertThat(Ipv6Packets.destination(icmp)).isEqualTo(a.address());
        // Sent by B with hop limit 64: B and A each take one off.
        assertThat(Ipv6Packets.hopLimit(icmp)).isEqualTo(62);
        assertThat(Ipv6Packets.quoted(icmp)).isEqualTo(ping);
        assertThat(Ipv6Packets.checksum(icmp)).isZero();
        assertThat(b.stats().get(Counter.OOB_ICMP_SENT)).isEqualTo(1);
        // Counted just after the write: wait for it rather than race it.
        await().atMost(TestNet.WAIT).until(() -> a.stats().get(Counter.OOB_ICMP_DELIVERED) == 1);
        assertThat(bc.sentData).isEmpty();
        assertThat(c.tun().writtenCount()).isZero();
    }

    @Test
    void anOversizedPacketGetsALocalPacketTooBig() throws Exception {
        TestNet.Node a = net.node("A");
        TestNet.Node b = net.node("B");
        TestNet.End ab = net.link(a, b);
        net.awaitFullMesh();

        byte[] big = Ipv6Packets.echoRequest(a.address(), b.address(), 64, 1401);
        a.tun().inject(big);

        byte[] icmp = a.tun().awaitWritten(TestNet.WAIT);
        assertThat(Ipv6Packets.icmpType(icmp)).isEqualTo(2);
        assertThat(Ipv6Packets.icmpCode(icmp)).isEqualTo(0);
        assertThat(Ipv6Packets.icmpParameter(icmp)).as("MTU").isEqualTo(1400);
        assertThat(Ipv6Packets.source(icmp)).isEqualTo(a.address());
        assertThat(Ipv6Packets.destination(icmp)).isEqualTo(a.address());
        assertThat(icmp.length).as("within the IPv6 minimum MTU").isEqualTo(1280);
        assertThat(Ipv6Packets.quoted(icmp)).isEqualTo(Arrays.copyOf(big, 1232));
        assertThat(Ipv6Packets.checksum(icmp)).isZero();
        assertThat(ab.sentData).isEmpty();
        assertThat(a.stats().get(Counter.DROP_TOO_BIG)).isEqualTo(1);
    }
}
