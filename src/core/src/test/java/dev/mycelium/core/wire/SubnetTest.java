package dev.mycelium.core.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mycelium.testkit.Vectors;
import java.net.Inet6Address;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Subnet} text forms, as Mycelium prints them. */
class SubnetTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "548:c783:d7ce:74a3::/64, 548:c783:d7ce:74a3::/64, 64",
        "0548:C783:D7CE:74A3:0:0:0:0/64, 548:c783:d7ce:74a3::/64, 64",
        "::/0, ::/0, 0",
        "200:19:1a:1b:1c::1d/64, 200:19:1a:1b:1c::1d/64, 64",
        "fe80::a:14:1e:28/64, fe80::a:14:1e:28/64, 64",
        "10.101.4.1/23, 10.101.4.1/23, 23",
        "400::/7, 400::/7, 7",
        "::ffff:10.0.0.1/128, ::ffff:10.0.0.1/128, 128",
    })
    void parsesAndPrints(String text, String printed, int plen) {
        Subnet s = Subnet.parse(text);
        assertThat(s).hasToString(printed);
        assertThat(s.prefixLength()).isEqualTo(plen);
        assertThat(Subnet.parse(s.toString())).isEqualTo(s);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "/64", "::", "::/", "::/129", "1.2.3.4/33", "::/-1", "::/+64", "::/ 64", "::/1000",
        "cafe/64", "localhost/64", "1.2.3/24", "::1%eth0/128", "::/6x"})
    void refusesMalformed(String text) {
        assertThatThrownBy(() -> Subnet.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readmeSubnetsFromTheVectors() {
        for (Vectors.Vector v : Vectors.withPrefix("address_from_pubkey_")) {
            String subnet = v.expected().get("v07_node_subnet").asText();
            Subnet s = Subnet.parse(subnet);
            assertThat(s).hasToString(subnet);
            assertThat(s.contains(v.expectedHex("v07_address_bytes"))).isTrue();
            assertThat(Ipv6Text.format(v.expectedHex("v07_address_bytes")))
                    .isEqualTo(v.expected().get("v07_address").asText());
        }
    }

    @Test
    void networkClearsHostBitsAndContainsChecksThePrefix() {
        Subnet s = Subnet.parse("400:0:0:f::/60");
        assertThat(s.network()).hasToString("400::/60");
        assertThat(s.contains(Subnet.parse("400:0:0:3::/64"))).isTrue();
        assertThat(s.contains(Subnet.parse("400:0:0:10::/64"))).isFalse();
        assertThat(s.prefixBytes()).isEqualTo(8);
        assertThat(Subnet.parse("10.0.0.0/8").contains(Subnet.parse("::/0").address())).isFalse();
    }

    @Test
    void mappedAddressesStayIpv6() {
        Subnet s = Subnet.parse("::ffff:10.0.0.1/128");
        assertThat(s.isIpv6()).isTrue();
        assertThat(s.inetAddress()).isInstanceOf(Inet6Address.class);
    }
}
