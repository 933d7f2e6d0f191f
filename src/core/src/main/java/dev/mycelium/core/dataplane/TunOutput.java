package dev.mycelium.core.dataplane;

import dev.mycelium.core.dataplane.DataPlaneStats.Counter;
import dev.mycelium.spi.tun.TunDevice;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.jboss.logging.Logger;

/** Writes packets into the TUN for the writer thread, counting failures instead of throwing them per packet. */
final class TunOutput {

    private static final Logger LOG = Logger.getLogger(TunOutput.class);

    private final TunDevice tun;
    private final DataPlaneStats stats;

    TunOutput(TunDevice tun, DataPlaneStats stats) {
        this.tun = tun;
        this.stats = stats;
    }

    /** Writes the packet between {@code packet}'s position and limit; false when the device refused it. */
    boolean write(ByteBuffer packet) {
        try {
            tun.write(packet);
            return true;
        } catch (IOException | RuntimeException e) {
            stats.increment(Counter.TUN_WRITE_ERRORS);
            // The first failure tells the operator; the counter tells the rest.
            if (stats.get(Counter.TUN_WRITE_ERRORS) == 1) {
                LOG.warnf(e, "writing to TUN device %s failed (further failures only counted)", tun.name());
            }
            return false;
        }
    }
}
