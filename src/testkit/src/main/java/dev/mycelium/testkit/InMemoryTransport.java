package dev.mycelium.testkit;

import dev.mycelium.spi.transport.Listener;
import dev.mycelium.spi.transport.PeerLink;
import dev.mycelium.spi.transport.Transport;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * An spi {@link Transport} whose links are in-memory {@link InMemoryLink} pairs: one node's view of an
 * {@link InMemoryNetwork}. A dial completes at once (or fails with {@link ConnectException} when nothing listens
 * there); the listener's acceptor is called on the network thread.
 */
public final class InMemoryTransport implements Transport {

    private final InMemoryNetwork network;
    private final InetAddress ip;

    InMemoryTransport(InMemoryNetwork network, InetAddress ip) {
        this.network = network;
        this.ip = ip;
    }

    /** The address this node's links use as their local address. */
    public InetAddress ip() {
        return ip;
    }

    @Override
    public String scheme() {
        return network.scheme();
    }

    @Override
    public int staticLinkCost(InetSocketAddress remote) {
        return network.staticCost();
    }

    /** Listens on {@code bind}; a wildcard address means this node's IP, port 0 picks a free port. */
    @Override
    public Listener listen(InetSocketAddress bind, Consumer<PeerLink> acceptor) throws IOException {
        Objects.requireNonNull(acceptor, "acceptor");
        InetAddress at = bind.getAddress() == null || bind.getAddress().isAnyLocalAddress() ? ip : bind.getAddress();
        InetSocketAddress address = new InetSocketAddress(at, bind.getPort() == 0 ? network.nextPort() : bind.getPort());
        InMemoryListener listener = new InMemoryListener(address, acceptor);
        network.register(address, listener);
        return listener;
    }

    @Override
    public CompletionStage<PeerLink> dial(InetSocketAddress remote) {
        return dialFrom(network.nextPort(), remote);
    }

    /**
     * Dials from a chosen local port, e.g. to open a second link from the same socket address (as Mycelium's QUIC
     * does from its fixed port, protocol.md 2.9).
     */
    public CompletionStage<PeerLink> dialFrom(int localPort, InetSocketAddress remote) {
        InMemoryListener listener = network.listenerAt(remote);
        if (listener == null) {
            return CompletableFuture.failedFuture(new ConnectException("connection refused: " + remote));
        }
        InetSocketAddress local = new InetSocketAddress(ip, localPort);
        InMemoryLink client = new InMemoryLink(network, local, remote);
        InMemoryLink server = new InMemoryLink(network, remote, local);
        InMemoryLink.pair(client, server);
        network.track(client);
        network.track(server);
        if (!network.run(() -> listener.accept(server))) {
            client.fail(new ConnectException("network closed"));
        }
        return CompletableFuture.completedFuture(client);
    }

    @Override
    public String toString() {
        return "in-memory " + scheme() + " transport at " + ip.getHostAddress();
    }

    /** A registered listener of the network. */
    final class InMemoryListener implements Listener {

        private final InetSocketAddress address;
        private final Consumer<PeerLink> acceptor;
        private volatile boolean closed;

        InMemoryListener(InetSocketAddress address, Consumer<PeerLink> acceptor) {
            this.address = address;
            this.acceptor = acceptor;
        }

        /** Network thread. */
        void accept(InMemoryLink link) {
            if (closed) {
                link.fail(new ConnectException("listener closed: " + address));
                return;
            }
            try {
                acceptor.accept(link);
            } catch (RuntimeException e) {
                link.close();
            }
        }

        @Override
        public InetSocketAddress localAddress() {
            return address;
        }

        @Override
        public void close() {
            closed = true;
            network.unregister(address, this);
        }
    }
}
