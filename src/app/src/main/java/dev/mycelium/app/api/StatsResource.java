package dev.mycelium.app.api;

import dev.mycelium.app.wiring.NodeRuntime;
import dev.mycelium.core.node.Node;
import dev.mycelium.core.router.RouterLimits;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /api/v1/admin/stats/packets}: data packets per source and destination address (Mycelium's);
 * {@code GET /api/v1/admin/stats/counters}: the router's and the data plane's drop and event counters and the
 * router's heap-scaled bounds (ours, so an operator sees e.g. a full routing table or failed authentications).
 */
@Path("/api/v1/admin/stats")
@Produces(MediaType.APPLICATION_JSON)
public class StatsResource {

    @Inject
    NodeRuntime runtime;

    @GET
    @Path("packets")
    public ApiJson.PacketStatistics packets() {
        return ApiJson.PacketStatistics.of(runtime.node().router().snapshot().packetStatistics());
    }

    @GET
    @Path("counters")
    public ApiJson.Counters counters() {
        Node node = runtime.node();
        return new ApiJson.Counters(node.router().snapshot().counters(), node.dataPlane().stats().toMap(),
                RouterLimits.heapScaledBounds());
    }
}
