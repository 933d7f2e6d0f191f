package dev.mycelium.spi.transport;

import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;

/**
 * One connection to a neighbour: an ordered byte stream. Writes are thread-safe. Optional capabilities (such as
 * {@link DatagramLink}) are separate interfaces checked with {@code instanceof}.
 */
public interface PeerLink {

    /** Scheme of the transport that made this link. */
    String scheme();

    InetSocketAddress localAddress();

    InetSocketAddress remoteAddress();

    /** Mycelium's connection id used in route listings, e.g. {@code "TCP 1.2.3.4:5 <-> 6.7.8.9:9651"}. */
    String connectionId();

    /** Begins delivering inbound bytes and the close event to {@code handler}; called once. */
    void start(LinkHandler handler);

    /**
     * Queues bytes for sending; takes ownership of {@code bytes}. Returns false (and releases) when closed or when
     * the queue is at its hard bound; core closes a link that refuses every write for 30 s.
     */
    boolean write(ByteBuf bytes);

    /** Flushes what {@link #write} queued. */
    void flush();

    /** False while the outbound buffer is above its high-water mark. */
    boolean isWritable();

    /**
     * Stops ({@code false}) or resumes ({@code true}) delivering inbound bytes: back-pressure, so that a node relaying
     * into a congested link slows its upstream (whose sender then sees its own link fill) instead of dropping. Any
     * thread. The default ignores it (a link that cannot pause).
     */
    default void setReading(boolean on) {
    }

    /**
     * Runs {@code task} once, on some thread, as soon as {@link #isWritable()} holds or the link is closed; at once if
     * that is already so. The default runs it at once.
     */
    default void whenWritable(Runnable task) {
        task.run();
    }

    /** Closes the link; the handler's {@link LinkHandler#onClosed} follows once. */
    void close();
}
