package dev.mycelium.spi.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * A way to carry peer links: tcp, quic, and later hole punching. Implementations are CDI beans found by the app
 * through {@code @Any Instance<Transport>} and indexed by {@link #scheme()}; core frames the byte stream, so a
 * transport never implements the wire format itself.
 */
public interface Transport {

    /** Lower-case URI scheme of the endpoints this transport serves, e.g. {@code "tcp"}. */
    String scheme();

    /** Static cost added to the measured round trip of a link to {@code remote} (protocol.md 5.1). */
    int staticLinkCost(InetSocketAddress remote);

    /** Starts accepting links on {@code bind}; each accepted link is handed to {@code acceptor}. */
    Listener listen(InetSocketAddress bind, Consumer<PeerLink> acceptor) throws IOException;

    /** Opens a link to {@code remote}; completes exceptionally when the connection fails. */
    CompletionStage<PeerLink> dial(InetSocketAddress remote);
}
