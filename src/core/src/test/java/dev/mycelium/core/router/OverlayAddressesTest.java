package dev.mycelium.core.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mycelium.core.wire.Subnet;
import dev.mycelium.testkit.Vectors;
import dev.mycelium.testkit.Vectors.Vector;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class OverlayAddressesTest {

    static List<Vector> addresses() {
        return Vectors.withPrefix("address_from_pubkey_");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("addresses")
    void blake3RuleOf07(Vector v) {
        byte[] address = OverlayAddresses.addressOf(v.inputHex("public_key"));
        assertThat(address).isEqualTo(v.expectedHex("v07_address_bytes"));
        assertThat(OverlayAddresses.subnet64(address).toString()).isEqualTo(v.expected().get("v07_node_subnet")
                .asText());
        assertThat(OverlayAddresses.isGlobal(address)).isTrue();
        assertThat(Subnet.parse("400::/7").contains(address)).isTrue();
    }
}
