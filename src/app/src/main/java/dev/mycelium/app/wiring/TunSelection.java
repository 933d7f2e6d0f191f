package dev.mycelium.app.wiring;

import dev.mycelium.core.crypto.NodeKeys;
import dev.mycelium.core.dataplane.NoneTunBackend;
import dev.mycelium.core.node.NodeOptions;
import dev.mycelium.spi.tun.Availability;
import dev.mycelium.spi.tun.TunBackend;
import dev.mycelium.spi.tun.TunConfig;
import dev.mycelium.spi.tun.TunDevice;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Picks the TUN backend: {@code none} for {@code --no-tun}, otherwise the first available real backend; when none is
 * available the node refuses to start and says why each one cannot run (never silently falls back to no TUN).
 */
final class TunSelection {

    /** protocol.md 6.8: the whole 400::/7 is routed into the device. */
    static final int PREFIX_LENGTH = 7;
    /** protocol.md 6.4: 1400 everywhere, for compatibility with Mycelium's peers. */
    static final int MTU = 1400;

    private TunSelection() {
    }

    static TunBackend choose(Iterable<TunBackend> backends, boolean noTun) {
        if (noTun) {
            return new NoneTunBackend();
        }
        List<String> reasons = new ArrayList<>();
        for (TunBackend b : backends) {
            if (NoneTunBackend.NAME.equals(b.name())) {
                continue;
            }
            Availability a = b.availability();
            if (a.available()) {
                return b;
            }
            reasons.add(b.name() + ": " + a.reason());
        }
        throw new IllegalStateException("no TUN backend can run here (" + (reasons.isEmpty() ? "none installed"
                : String.join("; ", reasons)) + "); run with --no-tun for a router and message node without TUN");
    }

    static TunDevice open(TunBackend backend, NodeOptions options, NodeKeys keys) {
        TunConfig config = new TunConfig(options.tunName(), keys.address().bytes(), PREFIX_LENGTH, MTU);
        try {
            return backend.open(config);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open TUN device '" + options.tunName() + "' with backend "
                    + backend.name() + ": " + e.getMessage(), e);
        }
    }
}
