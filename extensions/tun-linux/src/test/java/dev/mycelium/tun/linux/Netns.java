package dev.mycelium.tun.linux;

import com.sun.jna.Native;
import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs a piece of code with its thread inside a named network namespace ({@code ip netns add NAME}) via
 * setns(2), which moves only the calling thread: a fresh thread is used and discarded, so no other code ever
 * runs in the wrong namespace. Devices and sockets created there stay in that namespace. Tests and benchmarks.
 */
final class Netns {

    private static final int CLONE_NEWNET = 0x40000000;

    private Netns() {
    }

    static <T> T call(String namespace, Callable<T> body) throws IOException {
        ExecutorService thread = Executors.newSingleThreadExecutor(r -> new Thread(r, "netns-" + namespace));
        try {
            Future<T> result = thread.submit(() -> {
                int fd = LibC.open("/var/run/netns/" + namespace, LibC.O_CLOEXEC);
                if (fd < 0) {
                    throw new IOException("cannot open netns " + namespace + ": "
                            + LibC.describe(Native.getLastError()));
                }
                try {
                    if (LibC.setns(fd, CLONE_NEWNET) < 0) {
                        throw new IOException("setns " + namespace + ": " + LibC.describe(Native.getLastError()));
                    }
                } finally {
                    LibC.close(fd);
                }
                return body.call();
            });
            return result.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } finally {
            thread.shutdownNow();
        }
    }
}
