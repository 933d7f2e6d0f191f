package dev.mycelium.app.netns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A node's HTTP admin API (protocol.md 8.1), as the test JVM sees it over the namespace's management link. */
public final class AdminApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    private final String base;

    AdminApi(String ipv6, int port) {
        this.base = "http://[" + ipv6 + "]:" + port;
    }

    /** The status and body of one request. */
    public record Response(int status, String body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON (status " + status + "): " + body, e);
            }
        }
    }

    /** Whether the HTTP server answers at all (any status). */
    boolean answers() {
        try {
            send(HttpRequest.newBuilder(URI.create(base + "/api/v1/admin")).GET());
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public Response get(String path) {
        return call(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    public Response post(String path, String jsonBody) {
        return call(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(jsonBody)));
    }

    public Response delete(String path) {
        return call(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
    }

    /** {@code GET /api/v1/admin}, which must answer 200. */
    public JsonNode info() {
        return ok(get("/api/v1/admin"), "/api/v1/admin");
    }

    public String nodeSubnet() {
        return info().path("nodeSubnet").asText();
    }

    public String nodeIp() {
        return info().path("nodeIp").asText();
    }

    public List<JsonNode> peers() {
        return list(ok(get("/api/v1/admin/peers"), "/api/v1/admin/peers"));
    }

    /** The peer whose endpoint address ({@code addr.socket}) is {@code socket}, e.g. {@code [fd00:1::2]:9651}. */
    public Optional<JsonNode> peer(String socket) {
        return peers().stream().filter(p -> socket.equals(p.path("endpoint").path("addr").path("socket").asText()))
                .findFirst();
    }

    /** How many peers are in connection state {@code alive}. */
    public long alivePeers() {
        return peers().stream().filter(p -> "alive".equals(p.path("connectionState").asText())).count();
    }

    public List<JsonNode> selectedRoutes() {
        return list(ok(get("/api/v1/admin/routes/selected"), "/api/v1/admin/routes/selected"));
    }

    public List<JsonNode> fallbackRoutes() {
        return list(ok(get("/api/v1/admin/routes/fallback"), "/api/v1/admin/routes/fallback"));
    }

    /** The selected route for exactly this subnet, if any. */
    public Optional<JsonNode> selectedRoute(String subnet) {
        return selectedRoutes().stream().filter(r -> subnet.equals(r.path("subnet").asText())).findFirst();
    }

    /**
     * The remote socket address of a route's next hop, from the connection id in {@code nextHop}
     * ({@code "TCP <local> <-> <remote>"}, protocol.md 8.1), e.g. {@code [fd00:1::2]:9651}.
     */
    public static String nextHopRemote(JsonNode route) {
        String hop = route.path("nextHop").asText();
        int arrow = hop.lastIndexOf("<-> ");
        return arrow < 0 ? hop : hop.substring(arrow + 4).trim();
    }

    /**
     * The host of a socket address as the API prints it ({@code [v6]:port}, {@code v4:port}), with an IPv4-mapped
     * IPv6 address ({@code [::ffff:10.0.0.1]:port}, how a dual-stack listener may see an IPv4 peer) as plain IPv4.
     */
    public static String hostOf(String socket) {
        String host = socket.substring(0, Math.max(0, socket.lastIndexOf(':'))).replace("[", "").replace("]", "");
        return host.startsWith("::ffff:") && host.indexOf('.') > 0 ? host.substring("::ffff:".length()) : host;
    }

    public JsonNode packetStats() {
        return ok(get("/api/v1/admin/stats/packets"), "/api/v1/admin/stats/packets");
    }

    /** {@code POST /api/v1/admin/peers}; returns the status (204 added, 409 exists, 400 bad endpoint). */
    public int addPeer(String endpoint) {
        return post("/api/v1/admin/peers", "{\"endpoint\":\"" + endpoint + "\"}").status();
    }

    private Response call(HttpRequest.Builder request) {
        try {
            return send(request);
        } catch (IOException e) {
            throw new UncheckedIOException("API at " + base + " unreachable", e);
        }
    }

    private Response send(HttpRequest.Builder request) throws IOException {
        try {
            HttpResponse<String> r = HTTP.send(request.timeout(REQUEST_TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static JsonNode ok(Response r, String what) {
        if (r.status() != 200) {
            throw new IllegalStateException("GET " + what + " answered " + r.status() + ": " + r.body());
        }
        return r.json();
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    @Override
    public String toString() {
        return base;
    }
}
