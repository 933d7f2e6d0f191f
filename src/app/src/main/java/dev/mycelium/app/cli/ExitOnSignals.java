package dev.mycelium.app.cli;

import org.jboss.logging.Logger;

/**
 * SIGTERM and SIGINT are the normal way to stop a node, and Mycelium exits 0 on both; the JVM's own handlers would
 * exit with 128 + signal (143, 130), which service managers count as a failure. Our handler exits 0 through
 * {@code System.exit}, so Quarkus's shutdown hook still stops everything in order. Installed by {@code Main} before
 * Quarkus starts, so a signal during start-up is covered too; node mode only.
 */
public final class ExitOnSignals {

    private static final Logger LOG = Logger.getLogger(ExitOnSignals.class);

    private ExitOnSignals() {
    }

    public static void install() {
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), sig -> {
                    LOG.infof("Received SIG%s, shutting down", name);
                    System.exit(0);
                });
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                LOG.debugf("Cannot handle SIG%s on this platform: %s", name, e.getMessage());
            }
        }
    }
}
