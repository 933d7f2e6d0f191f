package dev.mycelium.app.netns;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP relay that delays every byte by a fixed time in each direction: a link with a longer round trip, hence a
 * higher Babel link cost, where the kernel has no {@code tc netem} (this CI's kernel lacks it).
 *
 * <p>Runs as its own process inside a namespace ({@link #start}); a node dials the proxy's listen address instead
 * of the real peer. Order is kept per direction. A connect to the target that does not succeed within
 * {@link #CONNECT_TIMEOUT_MS} closes the accepted connection, so a dialling node sees a failed link, not a hang.
 */
public final class DelayProxy {

    static final int CONNECT_TIMEOUT_MS = 2_000;
    /** Chunks in flight per direction; the reader blocks (back-pressure) when the writer is this far behind. */
    static final int MAX_CHUNKS_IN_FLIGHT = 1_024;
    private static final int CHUNK_SIZE = 16 * 1024;
    private static final byte[] EOF = new byte[0];

    private record Chunk(byte[] data, long dueNanos) {
    }

    private DelayProxy() {
    }

    /** {@code listen-host:port target-host:port one-way-delay-ms}; IPv6 hosts in brackets. */
    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: DelayProxy LISTEN_ADDR:PORT TARGET_ADDR:PORT ONE_WAY_DELAY_MS");
            System.exit(2);
        }
        InetSocketAddress listen = parse(args[0]);
        InetSocketAddress target = parse(args[1]);
        long delayNanos = Long.parseLong(args[2]) * 1_000_000L;
        try (ServerSocket server = new ServerSocket()) {
            server.setReuseAddress(true);
            server.bind(listen);
            System.out.println("ready " + args[0] + " -> " + args[1] + " +" + args[2] + " ms each way");
            System.out.flush();
            while (true) {
                Socket client = server.accept();
                Thread t = new Thread(() -> connect(client, target, delayNanos), "proxy-connect");
                t.setDaemon(true);
                t.start();
            }
        }
    }

    private static void connect(Socket client, InetSocketAddress target, long delayNanos) {
        Socket upstream = new Socket();
        try {
            upstream.connect(target, CONNECT_TIMEOUT_MS);
            client.setTcpNoDelay(true);
            upstream.setTcpNoDelay(true);
        } catch (IOException e) {
            System.out.println("connect to " + target + " failed: " + e);
            closeQuietly(client);
            closeQuietly(upstream);
            return;
        }
        System.out.println("relaying " + client.getRemoteSocketAddress() + " <-> " + target);
        pipe(client, upstream, delayNanos);
        pipe(upstream, client, delayNanos);
    }

    /** One direction: a reader stamps each chunk with its due time, a writer sends it then. */
    private static void pipe(Socket from, Socket to, long delayNanos) {
        BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(MAX_CHUNKS_IN_FLIGHT);
        Thread reader = new Thread(() -> {
            byte[] buf = new byte[CHUNK_SIZE];
            try (InputStream in = from.getInputStream()) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    queue.put(new Chunk(Arrays.copyOf(buf, n), System.nanoTime() + delayNanos));
                }
            } catch (IOException | InterruptedException e) {
                // connection gone: the writer below ends after what was read
            }
            try {
                queue.put(new Chunk(EOF, System.nanoTime() + delayNanos));
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "proxy-read");
        Thread writer = new Thread(() -> {
            try {
                OutputStream out = to.getOutputStream();
                while (true) {
                    Chunk c = queue.take();
                    long wait;
                    while ((wait = c.dueNanos() - System.nanoTime()) > 0) {
                        LockSupport.parkNanos(wait); // the delay is what this tool is for
                    }
                    if (c.data() == EOF) {
                        to.shutdownOutput();
                        return;
                    }
                    out.write(c.data());
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "proxy-write");
        reader.setDaemon(true);
        writer.setDaemon(true);
        reader.start();
        writer.start();
    }

    static String format(InetSocketAddress a) {
        String host = a.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    static InetSocketAddress parse(String s) throws IOException {
        int colon = s.lastIndexOf(':');
        String host = s.substring(0, colon).replace("[", "").replace("]", "");
        return new InetSocketAddress(InetAddress.getByName(host), Integer.parseInt(s.substring(colon + 1)));
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
