package dev.mycelium.spi.transport;

import java.net.InetSocketAddress;

/** A bound listener of a {@link Transport}. */
public interface Listener extends AutoCloseable {

    InetSocketAddress localAddress();

    @Override
    void close();
}
