package dev.mycelium.app.api;

import dev.mycelium.app.wiring.NodeRuntime;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** {@code /api/v1/admin/routes/*}: the router's last published snapshot. */
@Path("/api/v1/admin/routes")
@Produces(MediaType.APPLICATION_JSON)
public class RoutesResource {

    @Inject
    NodeRuntime runtime;

    @GET
    @Path("selected")
    public List<ApiJson.Route> selected() {
        return runtime.node().router().snapshot().selectedRoutes().stream().map(ApiJson.Route::of).toList();
    }

    @GET
    @Path("fallback")
    public List<ApiJson.Route> fallback() {
        return runtime.node().router().snapshot().fallbackRoutes().stream().map(ApiJson.Route::of).toList();
    }

    @GET
    @Path("queried")
    public List<ApiJson.QueriedSubnet> queried() {
        return runtime.node().router().snapshot().queriedSubnets().stream().map(ApiJson.QueriedSubnet::of).toList();
    }
}
