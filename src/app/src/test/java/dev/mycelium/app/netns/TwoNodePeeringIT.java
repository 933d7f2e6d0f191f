package dev.mycelium.app.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mycelium.app.netns.Triangle.Family;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue #4, "done when": two {@code ./mycelium} processes in different namespaces peer over TCP, each lists the
 * other's /64 under {@code /api/v1/admin/routes/selected} and the other as {@code alive} under
 * {@code /api/v1/admin/peers}. Over an IPv6 and an IPv4 underlay, without TUN.
 */
class TwoNodePeeringIT {

    @ParameterizedTest
    @EnumSource(Family.class)
    void twoNodesPeerOverTcpAndEachRoutesToTheOthersSubnet(Family family) {
        NetnsLab.assumeUsable();
        try (NetnsLab lab = NetnsLab.open("peering-" + family.name().toLowerCase())) {
            Netns a = lab.namespace("a");
            Netns b = lab.namespace("b");
            VethLink ab = lab.link(a, b);
            String aListens = family.socket(family.host(ab, a), Triangle.PORT);
            NodeProcess nodeA = NodeProcess.in(a, "a").noTun().start();
            NodeProcess nodeB = NodeProcess.in(b, "b").noTun().peers(Triangle.endpoint(aListens)).start();
            String subnetA = nodeA.api().nodeSubnet();
            String subnetB = nodeB.api().nodeSubnet();
            assertThat(subnetA).isNotEqualTo(subnetB).endsWith("::/64");

            await("each lists the other's /64 and the other as alive").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(100)).until(() -> {
                        requireAlive(nodeA, nodeB);
                        return nodeA.api().selectedRoute(subnetB).isPresent()
                                && nodeB.api().selectedRoute(subnetA).isPresent()
                                && nodeA.api().alivePeers() == 1 && nodeB.api().alivePeers() == 1;
                    });

            JsonNode bSeesA = nodeB.api().peer(aListens).orElseThrow();
            assertThat(bSeesA.path("type").asText()).isEqualTo("static");
            assertThat(bSeesA.path("endpoint").path("proto").asText()).isEqualTo("tcp");
            assertThat(bSeesA.path("rxBytes").asLong()).isPositive();
            List<JsonNode> aPeers = nodeA.api().peers();
            assertThat(aPeers).hasSize(1);
            assertThat(aPeers.get(0).path("type").asText()).isEqualTo("inbound");
            assertThat(AdminApi.hostOf(aPeers.get(0).path("endpoint").path("addr").path("socket").asText()))
                    .as("A sees B's connection from B's address on the link").isEqualTo(family.host(ab, b));

            JsonNode routeAtB = nodeB.api().selectedRoute(subnetA).orElseThrow();
            assertThat(AdminApi.nextHopRemote(routeAtB)).isEqualTo(aListens);
            assertThat(routeAtB.path("metric").asInt()).as("stored metric of a neighbour's own subnet").isZero();
            JsonNode routeAtA = nodeA.api().selectedRoute(subnetB).orElseThrow();
            assertThat(AdminApi.hostOf(AdminApi.nextHopRemote(routeAtA))).isEqualTo(family.host(ab, b));
        }
    }

    private static void requireAlive(NodeProcess... nodes) {
        for (NodeProcess n : nodes) {
            if (!n.isAlive()) {
                throw new IllegalStateException("node " + n + " exited:\n" + n.logTail(40));
            }
        }
    }
}
