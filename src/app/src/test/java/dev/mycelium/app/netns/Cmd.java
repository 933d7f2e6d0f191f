package dev.mycelium.app.netns;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs short external commands (ip, tc, ping) to completion with a deadline and captures their output. */
public final class Cmd {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private Cmd() {
    }

    /** Exit code and the two output streams of a finished command. */
    public record Result(List<String> command, int exitCode, String out, String err) {
        public boolean ok() {
            return exitCode == 0;
        }

        /** For assertion messages: the command and everything it printed. */
        public String describe() {
            return String.join(" ", command) + " -> exit " + exitCode + "\nstdout: " + out + "\nstderr: " + err;
        }
    }

    public static Result run(String... command) {
        return run(DEFAULT_TIMEOUT, List.of(command));
    }

    /** Runs the command; a command still running at the deadline is killed and reported with exit code -1. */
    public static Result run(Duration timeout, List<String> command) {
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("netns-cmd", ".out");
            err = Files.createTempFile("netns-cmd", ".err");
            // files, not pipes: a chatty command can never block on a full pipe while we wait for it
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            int code;
            if (p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                code = p.exitValue();
            } else {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                code = -1;
            }
            return new Result(List.copyOf(command), code, Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    /** Runs the command and fails with its output when it does not exit 0. */
    public static Result check(String... command) {
        Result r = run(command);
        if (!r.ok()) {
            throw new IllegalStateException("command failed: " + r.describe());
        }
        return r;
    }

    /** Whether an executable is on the PATH (or is an existing absolute path). */
    public static boolean available(String tool) {
        if (tool.startsWith("/")) {
            return Files.isExecutable(Path.of(tool));
        }
        String path = System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        // ip and tc live in /usr/sbin, which a non-login PATH may lack
        return Files.isExecutable(Path.of("/usr/sbin", tool)) || Files.isExecutable(Path.of("/sbin", tool));
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // a temp file left behind is harmless
            }
        }
    }
}
