package dev.mycelium.app.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mycelium.app.cli.CliFailure;
import dev.mycelium.app.config.SocketAddresses;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The HTTP client the subcommands use to talk to a running node's API ({@code --api-addr}). */
final class ApiClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    ApiClient(InetSocketAddress api) {
        this.base = "http://" + SocketAddresses.format(api);
    }

    /** One answer: the status and the body as text. */
    record Answer(int status, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new CliFailure(CliFailure.FAILURE, "the node answered with invalid JSON: " + e.getMessage(), e);
            }
        }
    }

    Answer get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    Answer postJson(String path, Object body) {
        try {
            return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    Answer delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    /** A path segment, percent-encoded (endpoints contain {@code :} and {@code /}). */
    static String segment(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The body of a successful answer; anything else is a failure naming the status and the node's message. */
    static Answer expect(Answer a, int... ok) {
        for (int code : ok) {
            if (a.status() == code) {
                return a;
            }
        }
        String detail = a.body() == null || a.body().isBlank() ? "" : ": " + a.body().strip();
        throw new CliFailure(CliFailure.FAILURE, "the node answered HTTP " + a.status() + detail, null);
    }

    private URI uri(String path) {
        return URI.create(base + path);
    }

    private Answer send(HttpRequest.Builder request) {
        HttpRequest r = request.timeout(TIMEOUT).build();
        try {
            HttpResponse<String> response = http.send(r, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (ConnectException e) {
            throw new CliFailure(CliFailure.FAILURE, "no node API at " + base + " (is the node running? see --api-addr)",
                    e);
        } catch (IOException e) {
            throw new CliFailure(CliFailure.FAILURE, "cannot reach the node API at " + base + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure(CliFailure.FAILURE, "interrupted", e);
        }
    }
}
