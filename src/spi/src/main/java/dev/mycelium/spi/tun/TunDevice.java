package dev.mycelium.spi.tun;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * An open TUN device carrying raw IPv6 packets (no packet-information header). {@link #read} blocks, so it runs
 * on a dedicated thread, never on an event loop. Reads and writes may happen on different threads at once.
 */
public interface TunDevice extends Closeable {

    String name();

    int mtu();

    /** Reads one packet into {@code dst} from its position; returns the packet length, -1 once closed. */
    int read(ByteBuffer dst) throws IOException;

    /** Writes the one packet between {@code src}'s position and limit. */
    void write(ByteBuffer src) throws IOException;
}
