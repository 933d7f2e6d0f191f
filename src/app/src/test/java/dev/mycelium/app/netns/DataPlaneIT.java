package dev.mycelium.app.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mycelium.app.netns.Triangle.Family;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue #5 in namespaces, on the {@link Triangle} (A and C with a TUN, B with {@code --no-tun}): ping6 between
 * overlay addresses survives the loss of the direct link (pings lost are reported); then, through B: no plaintext
 * on the wire, iperf3 across, an MTU-sized packet crosses and a larger one gets the kernel's Packet Too Big locally.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DataPlaneIT {

    static final Duration PING_INTERVAL = Duration.ofMillis(50);
    /** A ping payload pattern that a capture can recognise: "mycelium-plain!!" (ping -p takes 16 bytes). */
    static final byte[] PATTERN = "mycelium-plain!!".getBytes(StandardCharsets.US_ASCII);
    /** TUN MTU 1400 (protocol.md 6.4) minus the IPv6 (40) and ICMPv6 echo (8) headers. */
    static final int MTU_PING_PAYLOAD = 1400 - 40 - 8;
    /** Hop limit of an echo reply from a direct neighbour: 64, minus one at the sender's node and one at ours. */
    static final int HOP_LIMIT_DIRECT = 62;
    /** Payload of the clear ping that marks the end of a capture. */
    static final byte[] MARKER = "end-of-capture..".getBytes(StandardCharsets.US_ASCII);

    private Triangle t;
    private String ipA;
    private String ipC;

    @BeforeAll
    void start() {
        NetnsLab.assumeUsable();
        NetnsLab.assumeTools("ping", "tcpdump", "iperf3");
        t = Triangle.start("dataplane", Family.IPV6, true);
        t.awaitConverged(Duration.ofSeconds(60));
        ipA = t.nodeA.api().nodeIp();
        ipC = t.nodeC.api().nodeIp();
        await("A's overlay ping reaches C").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> overlayPing(1, 0).ok());
    }

    @AfterAll
    void stop() {
        if (t != null) {
            t.close();
        }
    }

    @Test
    @Order(1)
    void pingKeepsWorkingWhenTheDirectLinkGoesSilent() throws Exception {
        t.awaitDirectBothWays(Duration.ofSeconds(30));
        int count = 160; // 8 s at 50 ms
        Path log = t.lab.logDir().resolve("ping-failover.log");
        Process ping = t.a.start(log, "ping", "-6", "-n", "-i", seconds(PING_INTERVAL), "-c", "" + count, "-W", "1",
                "-I", ipA, ipC);
        await("first replies").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> replies(Files.readString(log)) >= 20);
        t.ac.cut();
        assertThat(ping.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).as("ping finished").isTrue();
        String out = Files.readString(log);
        int received = replies(out);
        int lost = count - received;
        System.out.printf("failover: %d of %d pings lost at %d ms intervals (about %d ms without a path)%n", lost,
                count, PING_INTERVAL.toMillis(), lost * PING_INTERVAL.toMillis());
        assertThat(Triangle.nextHop(t.nodeA, t.nodeC)).contains(t.bFromA());
        assertThat(lastSeqReplied(out)).as("the last pings came back (via B)\n" + out).isGreaterThan(count - 5);
        // hop limits (protocol.md 5.10): C's reply leaves with 64, each node handling it takes one off
        assertThat(ttlOf(out, firstSeqReplied(out))).as("first replies came direct").isEqualTo(HOP_LIMIT_DIRECT);
        assertThat(ttlOf(out, lastSeqReplied(out))).as("last replies came through B").isEqualTo(HOP_LIMIT_DIRECT - 1);
        long bound = RerouteIT.REROUTE_BOUND.toMillis() / PING_INTERVAL.toMillis() + 10;
        assertThat((long) lost).as("pings lost around the reroute\n" + out).isLessThanOrEqualTo(bound);
    }

    @Test
    @Order(2)
    void aRelayWithoutTunCarriesOnlyCiphertext() throws Exception {
        viaBOnly();
        assertThat(t.b.check("ip", "-o", "link").out()).as("B has no TUN").doesNotContain("mycelium");
        assertThat(t.a.check("ip", "-o", "link", "show", "dev", "mycelium").out()).contains("mtu 1400");

        byte[] overlay = capture(t.a, t.ab.ifIn(t.a), t.ab.v6(t.b), "overlay", () -> {
            Cmd.Result r = overlayPing(5, 200);
            assertThat(r.ok()).as(r.describe()).isTrue();
            assertThat(ttlOf(r.out(), lastSeqReplied(r.out()))).as("relayed by B").isEqualTo(HOP_LIMIT_DIRECT - 1);
        });
        assertThat(overlay.length).as("the capture saw the encrypted pings").isGreaterThan(2 * 5 * 200);
        // (the capture also holds the clear marker ping, whose payload differs from PATTERN)
        assertThat(containsPattern(overlay)).as("plaintext of the ping payload on the A - B link").isFalse();

        // control: the same payload sent in clear on the same link is found, so the check above can fail
        byte[] clear = capture(t.a, t.ab.ifIn(t.a), t.ab.v6(t.b), "control", () -> {
            Cmd.Result r = t.a.exec("ping", "-6", "-n", "-c", "2", "-s", "200", "-p", HexFormat.of().formatHex(PATTERN),
                    t.ab.v6(t.b));
            assertThat(r.ok()).as(r.describe()).isTrue();
        });
        assertThat(containsPattern(clear)).as("control capture shows the clear payload").isTrue();
    }

    @Test
    @Order(3)
    void iperf3RunsAcrossTheRelay() throws Exception {
        viaBOnly();
        Path serverLog = t.lab.logDir().resolve("iperf3-server.log");
        Process server = t.c.start(serverLog, "iperf3", "-s", "-1", "-B", ipC);
        await("iperf3 server listening").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> t.c.exec("ss", "-ltnH").out().contains(":5201"));
        Cmd.Result client = t.a.exec(Duration.ofSeconds(60), "iperf3", "-c", ipC, "-B", ipA, "-t", "3", "-J");
        Netns.stop(server, Duration.ofSeconds(5));
        assertThat(client.ok()).as(client.describe()).isTrue();
        JsonNode result = new ObjectMapper().readTree(client.out());
        double mbps = result.path("end").path("sum_received").path("bits_per_second").asDouble() / 1e6;
        System.out.printf("iperf3 A -> C through B (no TUN): %.1f Mbit/s, 1 stream, 3 s%n", mbps);
        assertThat(mbps).isGreaterThan(1.0);

        JsonNode bySource = t.nodeB.api().packetStats().path("bySource");
        long fromA = 0;
        for (JsonNode s : bySource) {
            if (ipA.equals(s.path("ip").asText())) {
                fromA = s.path("packetCount").asLong();
            }
        }
        assertThat(fromA).as("B counted the packets it relayed from A: " + bySource).isGreaterThan(1000);
    }

    @Test
    @Order(4)
    void anMtuSizedPacketCrossesAndALargerOneGetsPacketTooBigLocally() {
        viaBOnly();
        Cmd.Result fits = t.a.exec("ping", "-6", "-n", "-c", "1", "-W", "5", "-M", "do", "-s", "" + MTU_PING_PAYLOAD,
                "-I", ipA, ipC);
        assertThat(fits.ok()).as("a 1400-byte packet crosses\n" + fits.describe()).isTrue();
        Cmd.Result tooBig = t.a.exec("ping", "-6", "-n", "-c", "1", "-W", "5", "-M", "do", "-s",
                "" + (MTU_PING_PAYLOAD + 1), "-I", ipA, ipC);
        assertThat(tooBig.ok()).as("a 1401-byte packet does not cross\n" + tooBig.describe()).isFalse();
        assertThat(tooBig.out() + tooBig.err()).as("the kernel refuses it locally: mtu 1400")
                .containsIgnoringCase("message too long").contains("1400");
    }

    /** From here on the tests run through B: the direct link stays cut and A's route to C goes via B. */
    private void viaBOnly() {
        t.ac.cut();
        await("A's route to C via B").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> Triangle.nextHop(t.nodeA, t.nodeC).equals(Optional.of(t.bFromA())));
    }

    private Cmd.Result overlayPing(int count, int size) {
        return t.a.exec("ping", "-6", "-n", "-c", "" + count, "-i", "0.2", "-W", "2", "-s", "" + Math.max(size, 56),
                "-p", HexFormat.of().formatHex(PATTERN), "-I", ipA, ipC);
    }

    /** Runs {@code traffic} while tcpdump captures on {@code dev}; returns the pcap file's bytes. */
    private static byte[] capture(Netns ns, String dev, String markerDst, String name, Runnable traffic)
            throws IOException {
        Path pcap = ns.lab().logDir().resolve("capture-" + name + ".pcap");
        Path log = ns.lab().logDir().resolve("tcpdump-" + name + ".log");
        // immediate mode: each packet reaches the file at once, not when a capture block fills or times out
        Process dump = ns.start(log, "tcpdump", "-i", dev, "-n", "-U", "--immediate-mode", "-s", "0", "-w",
                pcap.toString());
        await("tcpdump listening").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> !dump.isAlive() || Files.readString(log).contains("listening on"));
        try {
            traffic.run();
            // sync point: a clear ping with a marker payload after the traffic; once the marker is in the file, so
            // is everything captured before it (the link also carries Hellos all the time, so the file never settles)
            Cmd.Result marker = ns.exec("ping", "-6", "-n", "-c", "1", "-W", "2", "-s", "100", "-p",
                    HexFormat.of().formatHex(MARKER), markerDst);
            assertThat(marker.ok()).as(marker.describe()).isTrue();
            await("capture written up to the marker").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                    .until(() -> containsRotation(Files.readAllBytes(pcap), MARKER));
        } finally {
            Netns.stop(dump, Duration.ofSeconds(5));
        }
        return Files.readAllBytes(pcap);
    }

    /** Whether any rotation of {@link #PATTERN} appears (ping repeats the pattern from an arbitrary offset). */
    static boolean containsPattern(byte[] haystack) {
        return containsRotation(haystack, PATTERN);
    }

    static boolean containsRotation(byte[] haystack, byte[] pattern) {
        for (int r = 0; r < pattern.length; r++) {
            byte[] needle = new byte[pattern.length];
            for (int i = 0; i < needle.length; i++) {
                needle[i] = pattern[(i + r) % pattern.length];
            }
            if (indexOf(haystack, needle) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static final Pattern REPLY = Pattern.compile("icmp_seq=(\\d+) ttl=");

    static int replies(String pingOutput) {
        Matcher m = REPLY.matcher(pingOutput);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    static int firstSeqReplied(String pingOutput) {
        Matcher m = REPLY.matcher(pingOutput);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** The hop limit ping printed for the reply with this sequence number, -1 if none. */
    static int ttlOf(String pingOutput, int seq) {
        Matcher m = Pattern.compile("icmp_seq=" + seq + " ttl=(\\d+)").matcher(pingOutput);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    static int lastSeqReplied(String pingOutput) {
        Matcher m = REPLY.matcher(pingOutput);
        int last = -1;
        while (m.find()) {
            last = Math.max(last, Integer.parseInt(m.group(1)));
        }
        return last;
    }

    private static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.3f", d.toMillis() / 1000.0);
    }
}
