package dev.mycelium.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SocketAddressesTest {

    @ParameterizedTest
    @CsvSource({"127.0.0.1:8989,127.0.0.1,8989", "[::1]:8990,::1,8990", "0.0.0.0:0,0.0.0.0,0",
        "[2001:db8::1]:65535,2001:db8::1,65535"})
    void parsesRustSocketAddrSyntax(String text, String host, int port) {
        InetSocketAddress a = SocketAddresses.parse(text);
        assertThat(a.getAddress()).isEqualTo(new InetSocketAddress(host, 0).getAddress());
        assertThat(a.getPort()).isEqualTo(port);
        assertThat(SocketAddresses.format(a)).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost:8989", "127.0.0.1", "::1:8989", "[::1]8989", "127.0.0.1:65536", "1.2.3:4",
        "127.0.0.1:-1", "[127.0.0.1]:80", "", "01.2.3.4:5"})
    void refusesAnythingElse(String text) {
        assertThatThrownBy(() -> SocketAddresses.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }
}
