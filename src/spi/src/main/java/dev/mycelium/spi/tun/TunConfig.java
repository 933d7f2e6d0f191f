package dev.mycelium.spi.tun;

import java.util.Objects;

/** What a TUN device is opened with: name, the node's 16-byte IPv6 address, prefix length and MTU. */
public record TunConfig(String name, byte[] address, int prefixLength, int mtu) {

    public TunConfig {
        Objects.requireNonNull(name, "name");
        if (address == null || address.length != 16) {
            throw new IllegalArgumentException("TUN address must be 16 bytes");
        }
        address = address.clone();
    }

    @Override
    public byte[] address() {
        return address.clone();
    }
}
