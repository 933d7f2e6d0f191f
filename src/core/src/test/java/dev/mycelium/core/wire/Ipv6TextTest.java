package dev.mycelium.core.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mycelium.spi.transport.Endpoint;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Rust-compatible IP text (RFC 5952) and strict literal parsing. */
class Ipv6TextTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "::, ::",
        "::1, ::1",
        "1::, 1::",
        "2001:DB8::0001, 2001:db8::1",
        "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
        "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "0548:c783:d7ce:74a3:0000:0000:0000:0000, 548:c783:d7ce:74a3::",
        "::ffff:1.2.3.4, ::ffff:1.2.3.4",
        "::ffff:102:304, ::ffff:1.2.3.4",
        "::1.2.3.4, ::102:304",
        "1:2:3:4:5:6:1.2.3.4, 1:2:3:4:5:6:102:304",
        "1:2:3:4:5:6:7::, 1:2:3:4:5:6:7:0",
        "::2:3:4:5:6:7:8, 0:2:3:4:5:6:7:8",
        "10.101.4.1, 10.101.4.1",
        "0.0.0.0, 0.0.0.0",
        "255.255.255.255, 255.255.255.255",
    })
    void parsesAndFormatsCanonically(String text, String canonical) {
        assertThat(Ipv6Text.format(Ipv6Text.parse(text))).isEqualTo(canonical);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "cafe", "abc", "localhost", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1.2.3.256", "1.2.3.-1",
        "1.2.3.4 ", " ::1", "::1%eth0", "1::2::3", ":::", ":1::", "1::2:", "12345::", "1:2:3:4:5:6:7:8:9",
        "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8::", "::1:2:3:4:5:6:7:8", "1.2.3.4::", "1:2:3:4:5:6:7:1.2.3.4",
        "::g", "::1.2.3", "[::1]", "\u0661::"})
    void refusesWhatRustRefuses(String text) {
        assertThatThrownBy(() -> Ipv6Text.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Provide
    Arbitrary<byte[]> addresses() {
        // Bias towards zero groups so that compression cases are common.
        return Arbitraries.integers().between(0, 0xFFFF).injectDuplicates(0.1)
                .map(v -> v % 3 == 0 ? 0 : v).list().ofSize(8).map(groups -> {
                    byte[] b = new byte[16];
                    for (int i = 0; i < 8; i++) {
                        b[2 * i] = (byte) (groups.get(i) >>> 8);
                        b[2 * i + 1] = (byte) (int) groups.get(i);
                    }
                    return b;
                });
    }

    @Property(tries = 2000)
    void formatAgreesWithSpiAndParsesBack(@ForAll("addresses") byte[] address) throws UnknownHostException {
        String text = Ipv6Text.format(address);

        assertThat(Ipv6Text.parse(text)).isEqualTo(address);
        assertThat(text).isEqualTo(
                Endpoint.compressIpv6(Inet6Address.getByAddress(null, address, -1).getHostAddress()));
        // Java's own literal parser reads our text to the same bytes (v4-mapped come back as IPv4 there).
        byte[] parsedByJava = InetAddress.getByName(text).getAddress();
        assertThat(parsedByJava)
                .isEqualTo(parsedByJava.length == 4 ? Arrays.copyOfRange(address, 12, 16) : address);
    }

    @Property
    void ipv4RoundTrip(@ForAll @Size(4) byte[] address) {
        assertThat(Ipv6Text.parse(Ipv6Text.format(address))).isEqualTo(address);
    }
}
