package dev.mycelium.app.wiring;

import dev.mycelium.app.cli.NodeStarting;
import dev.mycelium.core.node.Node;
import dev.mycelium.core.peer.Transports;
import dev.mycelium.spi.transport.Transport;
import dev.mycelium.spi.tun.TunBackend;
import dev.mycelium.spi.tun.TunDevice;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.jboss.logging.Logger;

/**
 * Owns the running {@link Node}: starts it when node mode announces {@link NodeStarting}, with the transports and TUN
 * backends the extensions contribute (found through CDI, so an extension jar on the class path is all it takes), and
 * closes it on shutdown. The API resources read the node from here.
 */
@ApplicationScoped
public class NodeRuntime {

    private static final Logger LOG = Logger.getLogger(NodeRuntime.class);

    @Inject
    @Any
    Instance<Transport> transports;

    @Inject
    @Any
    Instance<TunBackend> tunBackends;

    private volatile Node node;

    void start(@Observes NodeStarting starting) {
        Transports index = Transports.of(transports);
        TunBackend backend = TunSelection.choose(tunBackends, starting.options().noTun());
        TunDevice tun = TunSelection.open(backend, starting.options(), starting.keys());
        try {
            node = Node.start(starting.options(), starting.keys(), index, tun);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the node: " + e.getMessage(), e);
        }
        LOG.infof("Transports: %s; TUN backend: %s (%s)", index.schemes(), backend.name(), tun.name());
        node.listenAddresses().forEach(a -> LOG.infof("Listening for peers on tcp://%s",
                dev.mycelium.spi.transport.Endpoint.socketText(a)));
    }

    void stop(@Observes ShutdownEvent event) {
        Node running = node;
        node = null;
        if (running != null) {
            running.close();
        }
    }

    /** The running node; {@link NodeNotRunningException} (HTTP 503) before start-up finished or after shutdown. */
    public Node node() {
        Node running = node;
        if (running == null) {
            throw new NodeNotRunningException();
        }
        return running;
    }
}
