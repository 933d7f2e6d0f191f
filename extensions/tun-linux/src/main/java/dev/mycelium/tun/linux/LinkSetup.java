package dev.mycelium.tun.linux;

import dev.mycelium.spi.tun.TunConfig;
import java.io.IOException;

/** The checks before and the configuration after TUNSETIFF that every Linux TUN device shares. */
final class LinkSetup {

    private LinkSetup() {
    }

    /** Validates the config; the ifreq to attach with. */
    static Ifreq check(TunConfig config) {
        String requested = TunNames.requireValid(config.name());
        if (config.prefixLength() < 0 || config.prefixLength() > 128) {
            throw new IllegalArgumentException("prefix length " + config.prefixLength() + " is not in 0..128");
        }
        if (config.mtu() < 1280 || config.mtu() > 65535) {
            throw new IllegalArgumentException("MTU " + config.mtu() + " is not in 1280..65535 (IPv6 needs 1280)");
        }
        return new Ifreq(requested);
    }

    /** MTU, address/prefix, link up (protocol.md 6.8); closes {@code fd} when a step fails. */
    static void configure(int fd, String name, TunConfig config) throws IOException {
        try (LinkConfigurator link = new LinkConfigurator()) {
            link.setMtu(name, config.mtu());
            link.addAddress(name, config.address(), config.prefixLength());
            link.setUp(name);
        } catch (IOException | RuntimeException e) {
            LibC.close(fd);
            throw e;
        }
    }
}
