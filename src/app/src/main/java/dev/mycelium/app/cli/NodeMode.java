package dev.mycelium.app.cli;

import dev.mycelium.app.config.SocketAddresses;
import dev.mycelium.app.config.UnsupportedFeatures;
import dev.mycelium.core.crypto.KeyFile;
import dev.mycelium.core.crypto.KeyFileException;
import dev.mycelium.core.crypto.NodeKeys;
import dev.mycelium.core.node.NodeOptions;
import dev.mycelium.core.node.NodeOptions.Defaults;
import dev.mycelium.spi.transport.Endpoint;
import io.quarkus.runtime.Quarkus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Runs the node: loads (or creates) the key, says who we are, announces {@link NodeStarting} to the wiring, and blocks
 * until SIGTERM/SIGINT (Quarkus turns both into a graceful shutdown).
 */
@ApplicationScoped
public class NodeMode {

    private static final Logger LOG = Logger.getLogger(NodeMode.class);

    @Inject
    Event<NodeStarting> starting;

    int run(NodeOptions requested, java.io.PrintWriter err) throws KeyFileException {
        KeyFile.Loaded loaded = KeyFile.loadOrCreate(requested.keyFile());
        if (loaded.created()) {
            LOG.warnf("Node key file %s not found, generated new keys", loaded.path());
        } else {
            LOG.infof("Using key file %s", loaded.path());
        }
        NodeKeys keys = loaded.keys();
        LOG.infof("Node public key: %s", keys.publicKey());
        LOG.infof("Node overlay IP: %s", keys.address());
        LOG.infof("Node subnet: %s", keys.address().nodeSubnet());

        NodeOptions options = withoutSkippedPeers(requested);
        logWhatIsNotRunning(options);
        starting.fire(new NodeStarting(options, keys));
        LOG.infof("Node running; HTTP API on http://%s", SocketAddresses.format(options.apiAddress()));
        Quarkus.waitForExit();
        return 0;
    }

    /** Peers whose transport does not exist yet are dropped here, loudly, so the wiring never sees them. */
    static NodeOptions withoutSkippedPeers(NodeOptions options) {
        List<Endpoint> kept = new ArrayList<>();
        for (Endpoint peer : options.peers()) {
            String missing = UnsupportedFeatures.SKIPPED_PEER_SCHEMES.get(peer.scheme());
            if (missing == null) {
                kept.add(peer);
            } else {
                LOG.warnf("Skipping peer %s://%s: %s is not supported yet", peer.scheme(),
                        SocketAddresses.format(peer.address()), missing);
            }
        }
        return kept.size() == options.peers().size() ? options : options.toBuilder().peers(kept).build();
    }

    private static void logWhatIsNotRunning(NodeOptions options) {
        if (!options.disableQuic()) {
            LOG.warnf("QUIC is not supported yet: no QUIC listener on UDP port %d (--disable-quic makes this"
                    + " explicit)", options.quicListenPort());
        }
        LOG.infof("JSON-RPC API not started on %s: not supported yet", SocketAddresses.format(options.jsonRpcAddress()));
        if (options.updateWorkers() != Defaults.UPDATE_WORKERS) {
            LOG.infof("--update-workers %d has no effect: this node processes updates on its single router thread",
                    options.updateWorkers());
        }
    }
}
