package dev.mycelium.core.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mycelium.spi.transport.Endpoint;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class NodeOptionsTest {

    private final Path key = Path.of("/tmp/k.bin");

    @Test
    void defaultsAreMycelium0710s() {
        NodeOptions o = NodeOptions.builder(key).build();
        assertThat(o.tcpListenPort()).isEqualTo(9651);
        assertThat(o.quicListenPort()).isEqualTo(9651);
        assertThat(o.peerDiscoveryPort()).isEqualTo(9650);
        assertThat(o.apiAddress()).isEqualTo(new InetSocketAddress("127.0.0.1", 8989));
        assertThat(o.jsonRpcAddress()).isEqualTo(new InetSocketAddress("127.0.0.1", 8990));
        assertThat(o.tunName()).isEqualTo("mycelium");
        assertThat(o.updateWorkers()).isEqualTo(1);
        assertThat(o.peers()).isEmpty();
        assertThat(o.disableQuic() || o.noTun() || o.enableDns() || o.disablePeerDiscovery()).isFalse();
        assertThat(o.metricsApiAddress()).isEmpty();
        assertThat(o.firewallMark()).isEmpty();
        assertThat(o.peerDiscoveryEnabled()).isTrue();
    }

    @Test
    void immutableAndRoundTripsThroughTheBuilder() {
        List<Endpoint> peers = new ArrayList<>(List.of(Endpoint.parse("tcp://1.2.3.4:9651")));
        NodeOptions o = NodeOptions.builder(key).peers(peers).firewallMark(OptionalLong.of(0xFFFF_FFFFL)).build();
        peers.clear();
        assertThat(o.peers()).hasSize(1);
        assertThatThrownBy(() -> o.peers().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThat(o.toBuilder().build()).isEqualTo(o);
    }

    @Test
    void rejectsOutOfRangeValues() {
        assertThatThrownBy(() -> NodeOptions.builder(key).tcpListenPort(65536).build())
                .hasMessageContaining("tcpListenPort");
        assertThatThrownBy(() -> NodeOptions.builder(key).updateWorkers(0).build()).hasMessageContaining("updateWorkers");
        assertThatThrownBy(() -> NodeOptions.builder(key).updateWorkers(255).build()).hasMessageContaining("updateWorkers");
        assertThatThrownBy(() -> NodeOptions.builder(key).firewallMark(OptionalLong.of(1L << 32)).build())
                .hasMessageContaining("firewallMark");
        assertThatThrownBy(() -> NodeOptions.builder(key).tunName("").build()).hasMessageContaining("tunName");
    }
}
