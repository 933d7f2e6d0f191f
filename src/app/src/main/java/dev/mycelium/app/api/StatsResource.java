package dev.mycelium.app.api;

import dev.mycelium.app.wiring.NodeRuntime;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /api/v1/admin/stats/packets}: data packets per source and destination address. */
@Path("/api/v1/admin/stats/packets")
@Produces(MediaType.APPLICATION_JSON)
public class StatsResource {

    @Inject
    NodeRuntime runtime;

    @GET
    public ApiJson.PacketStatistics packets() {
        return ApiJson.PacketStatistics.of(runtime.node().router().snapshot().packetStatistics());
    }
}
