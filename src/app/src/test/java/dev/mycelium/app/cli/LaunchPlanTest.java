package dev.mycelium.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What Main decides before Quarkus starts. */
class LaunchPlanTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private LaunchPlan plan(String... args) {
        return LaunchPlan.of(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void nodeModeListensOnTheApiAddress() {
        LaunchPlan p = plan("--api-addr", "[::1]:18989", "-c", config("tcp_listen_port = 1\n"));
        assertThat(p.exitNow()).isEmpty();
        assertThat(p.quarkusProperties()).containsEntry(LaunchPlan.HTTP_HOST_ENABLED, "true")
                .containsEntry(LaunchPlan.HTTP_HOST, "0:0:0:0:0:0:0:1").containsEntry(LaunchPlan.HTTP_PORT, "18989")
                .containsEntry(LaunchPlan.LOG_LEVEL, "INFO");
        assertThat(p.nodeOptions()).isPresent();
        assertThat(p.nodeOptions().get().tcpListenPort()).isEqualTo(1);
    }

    @Test
    void apiAddressFromTheConfigFile() {
        LaunchPlan p = plan("-c", config("api_addr = \"127.0.0.1:17000\"\n"));
        assertThat(p.quarkusProperties()).containsEntry(LaunchPlan.HTTP_HOST, "127.0.0.1")
                .containsEntry(LaunchPlan.HTTP_PORT, "17000");
    }

    @Test
    void subcommandsNeverListen() {
        LaunchPlan p = plan("inspect", "--json");
        assertThat(p.exitNow()).isEmpty();
        assertThat(p.quarkusProperties()).containsEntry(LaunchPlan.HTTP_HOST_ENABLED, "false")
                .doesNotContainKey(LaunchPlan.HTTP_PORT).containsEntry(LaunchPlan.LOG_LEVEL, "WARN");
        assertThat(p.nodeOptions()).isEmpty();
    }

    @Test
    void loggingFlags() {
        assertThat(plan("--silent", "-d").quarkusProperties()).containsEntry(LaunchPlan.LOG_LEVEL, "ERROR")
                .containsEntry(LaunchPlan.OUR_LOG_LEVEL, "ERROR");
        assertThat(plan("-d").quarkusProperties()).containsEntry(LaunchPlan.LOG_LEVEL, "INFO")
                .containsEntry(LaunchPlan.OUR_LOG_LEVEL, "DEBUG");
        assertThat(plan("--log-format", "plain").quarkusProperties())
                .containsEntry(LaunchPlan.LOG_FORMAT, LogFormat.plain.pattern()).containsEntry(LaunchPlan.LOG_COLOUR, "false");
        assertThat(plan("--log-format", "logfmt").quarkusProperties().get(LaunchPlan.LOG_FORMAT)).startsWith("ts=");
    }

    @Test
    void helpVersionAndErrorsAreAnsweredWithoutQuarkus() {
        assertThat(plan("--help").exitNow()).hasValue(0);
        assertThat(out.toString()).contains("Usage: mycelium");
        assertThat(plan("-V").exitNow()).hasValue(0);
        assertThat(plan("--nope").exitNow()).hasValue(2);
        assertThat(err.toString()).contains("Unknown option: '--nope'");
        err.getBuffer().setLength(0);
        assertThat(plan("--enable-dns").exitNow()).hasValue(2);
        assertThat(err.toString()).isEqualTo("error: --enable-dns: the DNS forwarder is not supported yet\n");
        err.getBuffer().setLength(0);
        assertThat(plan("-c", dir.resolve("missing.toml").toString()).exitNow()).hasValue(2);
        assertThat(err.toString()).contains("not found");
    }

    private String config(String toml) {
        try {
            return Files.writeString(dir.resolve("c.toml"), toml).toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
