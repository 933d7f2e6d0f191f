package dev.mycelium.app.netns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The namespace harness itself, without a node where possible: the other *IT classes rely on each of these. */
class NetnsHarnessIT {

    private NetnsLab lab;

    @BeforeEach
    void open() {
        NetnsLab.assumeUsable();
        lab = NetnsLab.open("harness");
    }

    @AfterEach
    void close() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void twoNamespacesPingEachOtherOverVethOnIpv6AndIpv4() {
        NetnsLab.assumeTools("ping");
        Netns a = lab.namespace("a");
        Netns b = lab.namespace("b");
        VethLink ab = lab.link(a, b);
        assertThat(a.pingOnce(ab.v6(b))).as("a -> b over IPv6").isTrue();
        assertThat(b.pingOnce(ab.v6(a))).as("b -> a over IPv6").isTrue();
        assertThat(a.pingOnce(ab.v4(b))).as("a -> b over IPv4").isTrue();
        // the management link reaches the namespace from here (the test JVM's namespace) ...
        assertThat(Cmd.run("ping", "-6", "-n", "-c", "1", "-W", "1", a.mgmtAddress()).ok()).isTrue();
        // ... but never carries traffic between namespaces
        assertThat(a.pingOnce(b.mgmtAddress())).as("a reaches b's management address").isFalse();
    }

    @Test
    void cutSilencesALinkWithoutALinkEventRestoreUndoesItAndDownIsALinkEvent() {
        NetnsLab.assumeTools("ping");
        Netns a = lab.namespace("a");
        Netns b = lab.namespace("b");
        VethLink ab = lab.link(a, b);
        assertThat(a.pingOnce(ab.v6(b))).isTrue();

        ab.cut();
        assertThat(a.pingOnce(ab.v6(b))).as("IPv6 through a cut link").isFalse();
        assertThat(b.pingOnce(ab.v4(a))).as("IPv4 through a cut link").isFalse();
        for (Netns side : new Netns[] {a, b}) {
            String state = side.check("ip", "-o", "link", "show", "dev", ab.ifIn(side)).out();
            assertThat(state).as("still up, carrier kept").contains("state UP").contains("LOWER_UP");
        }

        ab.restore();
        assertThat(a.pingOnce(ab.v6(b))).as("after restore").isTrue();

        ab.down(b); // unlike cut(): a link event, the other end loses its carrier
        assertThat(a.check("ip", "-o", "link", "show", "dev", ab.ifIn(a)).out()).doesNotContain("LOWER_UP");
        assertThat(a.pingOnce(ab.v6(b))).as("to a downed end").isFalse();
        ab.up(b);
        assertThat(a.pingOnce(ab.v6(b))).as("after up").isTrue();
    }

    @Test
    void delayProxyAddsItsDelayBothWaysAndGoesSilentWithItsLink() throws IOException {
        Netns a = lab.namespace("a");
        Netns b = lab.namespace("b");
        VethLink ab = lab.link(a, b);
        InetSocketAddress echo = new InetSocketAddress(InetAddress.getByName(ab.v6(b)), 7001);
        ToolProcess.echo(b, new InetSocketAddress(InetAddress.getByName("::"), 7001));
        // the proxy listens on a's management address so that this JVM can dial it; it forwards over the veth
        InetSocketAddress proxy = new InetSocketAddress(InetAddress.getByName(a.mgmtAddress()), 7000);
        Duration oneWay = Duration.ofMillis(25);
        ToolProcess.delayProxy(a, proxy, echo, oneWay);

        try (Socket s = new Socket()) {
            s.connect(proxy, 5_000);
            s.setTcpNoDelay(true);
            s.setSoTimeout(5_000);
            long best = Long.MAX_VALUE;
            for (int i = 0; i < 5; i++) {
                best = Math.min(best, roundTripNanos(s));
            }
            System.out.printf("delay proxy: best echo round trip %.1f ms with %d ms each way%n", best / 1e6,
                    oneWay.toMillis());
            assertThat(best).as("round trip through the proxy")
                    .isGreaterThanOrEqualTo(2 * oneWay.toNanos())
                    .isLessThan(2 * oneWay.toNanos() + TimeUnit.MILLISECONDS.toNanos(200));

            ab.cut();
            s.setSoTimeout(1_500);
            OutputStream out = s.getOutputStream();
            out.write(42);
            out.flush();
            int got;
            try {
                got = s.getInputStream().read();
            } catch (SocketTimeoutException expected) {
                got = -2;
            }
            assertThat(got).as("no answer and no reset through a cut link").isEqualTo(-2);
        }
    }

    @Test
    void nodeProcessStartsInANamespaceAnswersAndStopsCleanly() {
        Netns a = lab.namespace("a");
        NodeProcess node = NodeProcess.in(a, "solo").noTun().start();
        assertThat(node.log()).contains("Node running");
        assertThat(node.stop()).as(node.logTail(30)).isZero();
    }

    @Test
    void closingALabRemovesItsNamespacesAndStaleOnesAreRemovedOnOpen() throws Exception {
        Netns a = lab.namespace("a");
        lab.link(a, lab.namespace("b"));
        Process sleeper = a.start(lab.logDir().resolve("sleep.log"), "sleep", "600");
        lab.close();
        assertThat(NetnsLab.listNamespaces()).doesNotContain(a.name());
        assertThat(sleeper.waitFor(10, TimeUnit.SECONDS)).as("process inside stopped").isTrue();

        // a namespace left by a test JVM that no longer runs
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        String stale = NetnsLab.NS_PREFIX + gone.pid() + "-abcdef-x";
        Cmd.check("ip", "netns", "add", stale);
        try {
            NetnsLab.open("stale-check").close();
            assertThat(NetnsLab.listNamespaces()).doesNotContain(stale);
        } finally {
            Cmd.run("ip", "netns", "del", stale);
        }
    }

    private static long roundTripNanos(Socket s) throws IOException {
        OutputStream out = s.getOutputStream();
        InputStream in = s.getInputStream();
        long t0 = System.nanoTime();
        out.write(7);
        out.flush();
        assertThat(in.read()).isEqualTo(7);
        return System.nanoTime() - t0;
    }
}
