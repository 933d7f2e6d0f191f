package dev.mycelium.app.api;

import dev.mycelium.app.wiring.NodeRuntime;
import dev.mycelium.core.node.Node;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /api/v1/admin}: who this node is. */
@Path("/api/v1/admin")
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {

    @Inject
    NodeRuntime runtime;

    @GET
    public ApiJson.Info info() {
        Node node = runtime.node();
        var address = node.keys().address();
        return new ApiJson.Info(address.nodeSubnet().toString(), address.toString(),
                node.keys().publicKey().toHex(), node.startedAtEpochSeconds());
    }
}
