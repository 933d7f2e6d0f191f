package dev.mycelium.app;

import static dev.mycelium.app.LocalNode.LAUNCHER;
import static dev.mycelium.app.LocalNode.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mycelium.core.crypto.KeyFile;
import dev.mycelium.core.crypto.NodeKeys;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real {@code ./mycelium} processes on loopback (TCP, no TUN): they peer, route to each other's /64, and answer
 * the admin API with Mycelium's paths, JSON shapes and status codes; the CLI subcommands read the same API.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminApiIT {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Process> processes = new ArrayList<>();
    private int apiA;
    private int apiB;
    private int tcpA;
    private NodeKeys keysA;
    private NodeKeys keysB;

    @BeforeAll
    void startTwoNodes() throws Exception {
        apiA = freePort();
        apiB = freePort();
        tcpA = freePort();
        int tcpB = freePort();
        start("a", apiA, tcpA);
        start("b", apiB, tcpB, "--peers", "tcp://127.0.0.1:" + tcpA);
        await().atMost(DEADLINE).until(() -> status("GET", apiA, "/api/v1/admin", null) == 200
                && status("GET", apiB, "/api/v1/admin", null) == 200);
        keysA = KeyFile.load(dir.resolve("a/key.bin"));
        keysB = KeyFile.load(dir.resolve("b/key.bin"));
    }

    @AfterAll
    void stopNodes() throws Exception {
        for (Process p : processes) {
            p.destroy();
        }
        for (Process p : processes) {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void infoNamesTheNode() throws Exception {
        JsonNode info = get(apiA, "/api/v1/admin");
        assertThat(info.get("nodeSubnet").asText()).isEqualTo(keysA.address().nodeSubnet().toString());
        assertThat(info.get("nodeIp").asText()).isEqualTo(keysA.address().toString());
        assertThat(info.get("nodePubkey").asText()).isEqualTo(keysA.publicKey().toHex());
        assertThat(info.get("nodeStartTime").asLong()).isCloseTo(System.currentTimeMillis() / 1000,
                org.assertj.core.data.Offset.offset(600L));
    }

    @Test
    void peersAreAliveAndRoutesSelectedBothWays() throws Exception {
        await().atMost(DEADLINE).untilAsserted(() -> {
            assertThat(selectedSubnets(apiA)).contains(keysB.address().nodeSubnet().toString());
            assertThat(selectedSubnets(apiB)).contains(keysA.address().nodeSubnet().toString());
        });
        await().atMost(DEADLINE).untilAsserted(() -> {
            JsonNode peersB = get(apiB, "/api/v1/admin/peers");
            assertThat(peersB).hasSize(1);
            JsonNode p = peersB.get(0);
            assertThat(p.get("endpoint").get("proto").asText()).isEqualTo("tcp");
            assertThat(p.get("endpoint").get("addr").get("socket").asText()).isEqualTo("127.0.0.1:" + tcpA);
            assertThat(p.get("type").asText()).isEqualTo("static");
            assertThat(p.get("connectionState").asText()).isEqualTo("alive");
            assertThat(p.get("rxBytes").asLong()).isPositive();
            assertThat(p.get("txBytes").asLong()).isPositive();
            assertThat(p.has("discovered")).isTrue();
            assertThat(p.has("lastConnected")).isTrue();
            JsonNode peersA = get(apiA, "/api/v1/admin/peers");
            assertThat(peersA).hasSize(1);
            assertThat(peersA.get(0).get("type").asText()).isEqualTo("inbound");
            assertThat(peersA.get(0).get("connectionState").asText()).isEqualTo("alive");
        });
        JsonNode route = get(apiB, "/api/v1/admin/routes/selected").get(0);
        assertThat(route.get("nextHop").asText()).matches("TCP 127\\.0\\.0\\.1:\\d+ <-> 127\\.0\\.0\\.1:" + tcpA);
        assertThat(route.get("metric").isInt()).isTrue();
        assertThat(route.get("seqno").isInt()).isTrue();
    }

    @Test
    void pubkeyLookup() throws Exception {
        await().atMost(DEADLINE).until(() -> status("GET", apiA, "/api/v1/pubkey/" + keysB.address(), null) == 200);
        assertThat(get(apiA, "/api/v1/pubkey/" + keysB.address()).get("publicKey").asText())
                .isEqualTo(keysB.publicKey().toHex());
        assertThat(status("GET", apiA, "/api/v1/pubkey/not-an-ip", null)).isEqualTo(400);
        assertThat(status("GET", apiA, "/api/v1/pubkey/5ff:1:2:3::1", null)).isEqualTo(404);
    }

    @Test
    void peerEndpointErrorsAreClientErrors() throws Exception {
        assertThat(status("POST", apiA, "/api/v1/admin/peers", "{\"endpoint\":\"tcp://nonsense\"}")).isEqualTo(400);
        assertThat(status("POST", apiA, "/api/v1/admin/peers", "{\"endpoint\":42}")).isEqualTo(400);
        assertThat(status("POST", apiA, "/api/v1/admin/peers", "{not json")).isEqualTo(400);
        assertThat(status("POST", apiA, "/api/v1/admin/peers", "{\"endpoint\":\"tls://1.2.3.4:9651\"}"))
                .isEqualTo(400);
        assertThat(status("DELETE", apiA, "/api/v1/admin/peers/" + enc("tcp://192.0.2.9:9651"), null))
                .isEqualTo(404);
        assertThat(status("DELETE", apiA, "/api/v1/admin/peers/" + enc("garbage"), null)).isEqualTo(400);
    }

    @Test
    void addDuplicateAndRemoveAPeerThroughApiAndCli() throws Exception {
        String endpoint = "tcp://192.0.2.1:9651"; // TEST-NET-1: never answers, stays "connecting"
        assertThat(status("POST", apiA, "/api/v1/admin/peers", "{\"endpoint\":\"" + endpoint + "\"}")).isEqualTo(204);
        assertThat(status("POST", apiA, "/api/v1/admin/peers", "{\"endpoint\":\"" + endpoint + "\"}")).isEqualTo(409);
        String listed = cli("--api-addr", "127.0.0.1:" + apiA, "peers", "list", "--json");
        assertThat(JSON.readTree(listed).findValuesAsText("socket")).contains("192.0.2.1:9651");
        cli("--api-addr", "127.0.0.1:" + apiA, "peers", "remove", endpoint);
        assertThat(get(apiA, "/api/v1/admin/peers").findValuesAsText("socket")).doesNotContain("192.0.2.1:9651");
        cli("--api-addr", "127.0.0.1:" + apiA, "peers", "add", endpoint);
        assertThat(get(apiA, "/api/v1/admin/peers").findValuesAsText("socket")).contains("192.0.2.1:9651");
        assertThat(status("DELETE", apiA, "/api/v1/admin/peers/" + enc(endpoint), null)).isEqualTo(204);
    }

    @Test
    void cliRoutesAndStats() throws Exception {
        await().atMost(DEADLINE).until(() -> selectedSubnets(apiA).contains(keysB.address().nodeSubnet().toString()));
        String table = cli("--api-addr", "127.0.0.1:" + apiA, "routes", "selected");
        assertThat(table).startsWith("Subnet").contains(keysB.address().nodeSubnet().toString());
        JsonNode json = JSON.readTree(cli("--api-addr", "127.0.0.1:" + apiA, "routes", "fallback", "--json"));
        assertThat(json.isArray()).isTrue();
        JsonNode stats = JSON.readTree(cli("--api-addr", "127.0.0.1:" + apiA, "stats", "packets", "--json"));
        assertThat(stats.has("bySource")).isTrue();
        assertThat(stats.has("byDestination")).isTrue();

        String counters = cli("--api-addr", "127.0.0.1:" + apiA, "stats", "counters");
        assertThat(counters).startsWith("Counter").contains("router.routingTableFull")
                .contains("dataPlane.authFailures")
                .contains("bounds.maxSubnets");
    }

    @Test
    void countersShowTheRouterAndDataPlaneAndTheHeapScaledBounds() throws Exception {
        JsonNode c = get(apiA, "/api/v1/admin/stats/counters");
        assertThat(c.get("router").get("routingTableFull").asLong()).isZero();
        assertThat(c.get("router").get("taskFailures").asLong()).isZero();
        assertThat(c.get("dataPlane").get("authFailures").asLong()).isZero();
        // the launcher's 256 MiB heap: an eighth of the full bounds (RouterLimits), or a little less where the
        // collector keeps a survivor space out of the heap the JVM reports
        assertThat(c.get("bounds").get("maxSubnets").asInt()).isBetween(59_000, 62_500);
        assertThat(c.get("bounds").get("maxSources").asInt()).isBetween(118_000, 125_000);
    }

    // ------------------------------------------------------------------ helpers

    private void start(String name, int api, int tcp, String... extra) throws IOException {
        Path home = Files.createDirectories(dir.resolve(name));
        List<String> cmd = new ArrayList<>(List.of(LAUNCHER.toString(), "-k", home.resolve("key.bin").toString(),
                "--api-addr", "127.0.0.1:" + api, "-t", Integer.toString(tcp), "--no-tun", "--disable-quic",
                "--disable-peer-discovery"));
        cmd.addAll(List.of(extra));
        processes.add(hermetic(new ProcessBuilder(cmd), home).redirectErrorStream(true)
                .redirectOutput(home.resolve("log.txt").toFile()).start());
    }

    private ProcessBuilder hermetic(ProcessBuilder pb, Path home) {
        pb.environment().put("XDG_CONFIG_HOME", home.resolve("config").toString());
        pb.environment().put("XDG_DATA_HOME", home.resolve("data").toString());
        return pb.directory(home.toFile());
    }

    private String cli(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(LAUNCHER.toString()));
        cmd.addAll(List.of(args));
        Path home = Files.createDirectories(dir.resolve("cli"));
        Path out = Files.createTempFile(home, "out", ".txt");
        Path err = Files.createTempFile(home, "err", ".txt");
        Process p = hermetic(new ProcessBuilder(cmd), home).redirectOutput(out.toFile()).redirectError(err.toFile())
                .start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", args) + ": " + Files.readString(err)).isZero();
        return Files.readString(out);
    }

    private List<String> selectedSubnets(int api) throws Exception {
        return get(api, "/api/v1/admin/routes/selected").findValuesAsText("subnet");
    }

    private JsonNode get(int api, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api + path))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private int status(String method, int api, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

}
