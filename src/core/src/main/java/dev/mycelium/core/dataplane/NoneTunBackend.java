package dev.mycelium.core.dataplane;

import dev.mycelium.spi.tun.Availability;
import dev.mycelium.spi.tun.TunBackend;
import dev.mycelium.spi.tun.TunConfig;
import dev.mycelium.spi.tun.TunDevice;

/**
 * The backend for {@code --no-tun} (protocol.md 6.5 step 7): a device that never yields a packet and discards (and
 * counts) every packet written to it, so the node still routes and relays. Always available.
 */
public final class NoneTunBackend implements TunBackend {

    public static final String NAME = "none";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Availability availability() {
        return Availability.yes();
    }

    @Override
    public TunDevice open(TunConfig config) {
        return new NoneTunDevice(config.name(), config.mtu());
    }
}
