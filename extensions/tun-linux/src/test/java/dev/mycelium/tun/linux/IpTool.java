package dev.mycelium.tun.linux;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs iproute2's {@code ip} for the tests' independent view of what the device configured (tests only). */
final class IpTool {

    private static final ObjectMapper JSON = new ObjectMapper();

    private IpTool() {
    }

    record Result(int exitCode, String out) {
    }

    static Result run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("ip");
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("ip " + String.join(" ", args) + " did not finish in 10 s");
        }
        return new Result(process.exitValue(),
                new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    /** The one interface object of {@code ip -j addr show dev NAME}. */
    static JsonNode addrShow(String name) throws IOException, InterruptedException {
        Result result = run("-j", "addr", "show", "dev", name);
        if (result.exitCode() != 0) {
            throw new IOException("ip addr show dev " + name + " failed: " + result.out());
        }
        JsonNode array = JSON.readTree(result.out());
        if (array.size() != 1) {
            throw new IOException("expected one interface named " + name + ", got: " + result.out());
        }
        return array.get(0);
    }

    static JsonNode json(String... args) throws IOException, InterruptedException {
        Result result = run(args);
        if (result.exitCode() != 0) {
            throw new IOException("ip " + String.join(" ", args) + " failed: " + result.out());
        }
        return JSON.readTree(result.out());
    }

    static boolean linkExists(String name) throws IOException, InterruptedException {
        return run("link", "show", "dev", name).exitCode() == 0;
    }

    /** Best effort, for cleanup after a failed test. */
    static void deleteLinkIfPresent(String name) {
        try {
            if (linkExists(name)) {
                run("link", "del", "dev", name);
            }
        } catch (IOException e) {
            // nothing left to clean up if ip itself cannot run
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
