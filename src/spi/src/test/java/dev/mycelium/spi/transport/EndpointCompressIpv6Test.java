package dev.mycelium.spi.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** {@link Endpoint#compressIpv6}: RFC 5952 text as Rust's {@code Ipv6Addr} prints it. */
class EndpointCompressIpv6Test {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "0:0:0:0:0:0:0:0, ::",
        "0:0:0:0:0:0:0:1, ::1",
        "1:0:0:0:0:0:0:0, 1::",
        "2001:db8:0:0:0:0:0:1, 2001:db8::1",
        // RFC 5952 4.2.2: a single zero group is not compressed.
        "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
        // RFC 5952 4.2.3: the longest run; on a tie, the first.
        "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        // RFC 5952 4.3: lowercase, no leading zeros.
        "2001:DB8:00AA:0:0:0:0:0001, 2001:db8:aa::1",
        "548:c783:d7ce:74a3:9ba1:a0cb:ae21:338d, 548:c783:d7ce:74a3:9ba1:a0cb:ae21:338d",
        "548:c783:d7ce:74a3:0:0:0:0, 548:c783:d7ce:74a3::",
        "fe80:0:0:0:708:90a:b0c:d0e, fe80::708:90a:b0c:d0e",
        // Rust prints IPv4-mapped addresses with a dotted quad.
        "0:0:0:0:0:ffff:102:304, ::ffff:1.2.3.4",
        // IPv4-compatible (deprecated) addresses are plain hex in Rust.
        "0:0:0:0:0:0:102:304, ::102:304",
    })
    void compresses(String full, String expected) {
        assertThat(Endpoint.compressIpv6(full)).isEqualTo(expected);
    }

    @Test
    void keepsTheScope() {
        assertThat(Endpoint.compressIpv6("fe80:0:0:0:0:0:0:1%eth0")).isEqualTo("fe80::1%eth0");
        assertThat(Endpoint.compressIpv6("fe80:0:0:0:0:0:0:1%3")).isEqualTo("fe80::1%3");
    }

    @Test
    void refusesWhatIsNotJavasFullForm() {
        assertThatThrownBy(() -> Endpoint.compressIpv6("::1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Endpoint.compressIpv6("1:2:3:4:5:6:7")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Endpoint.compressIpv6("1:2:3:4:5:6:7:g")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Endpoint.compressIpv6("1:2:3:4:5:6:7:12345"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void socketTextUsesIt() throws Exception {
        InetSocketAddress a = new InetSocketAddress(
                Inet6Address.getByAddress(null, new byte[] {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                    0, 1}, -1), 9651);
        assertThat(Endpoint.socketText(a)).isEqualTo("[2001:db8::1]:9651");
        assertThat(Endpoint.parse("tcp://[2001:db8::1]:9651")).hasToString("tcp://[2001:db8::1]:9651");
    }
}
