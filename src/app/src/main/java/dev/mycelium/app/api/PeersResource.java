package dev.mycelium.app.api;

import dev.mycelium.app.wiring.NodeRuntime;
import dev.mycelium.core.peer.AddResult;
import dev.mycelium.spi.transport.Endpoint;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * {@code /api/v1/admin/peers}: list, add and remove peers at run time (protocol.md 8.1). Errors are plain-text bodies,
 * as Mycelium writes them: 400 for a bad endpoint, 409 when it exists, 404 when removing an unknown one.
 */
@Path("/api/v1/admin/peers")
public class PeersResource {

    @Inject
    NodeRuntime runtime;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<ApiJson.PeerStats> list() {
        return runtime.node().peers().peers().stream().map(ApiJson.PeerStats::of).toList();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.TEXT_PLAIN)
    public Response add(ApiJson.AddPeer body) {
        if (body == null || body.endpoint() == null || !body.endpoint().isTextual()) {
            return text(400, "body must be {\"endpoint\":\"tcp://1.2.3.4:9651\"}");
        }
        Endpoint endpoint;
        try {
            endpoint = PeerEndpoints.parse(body.endpoint().asText());
        } catch (IllegalArgumentException e) {
            return text(400, e.getMessage());
        }
        try {
            AddResult result = runtime.node().peers().addPeer(endpoint);
            if (result == AddResult.ALREADY_EXISTS) {
                return text(409, "A peer identified by " + endpoint + " already exists");
            }
        } catch (IllegalArgumentException e) {
            return text(400, e.getMessage());
        }
        return Response.noContent().build();
    }

    @DELETE
    @Path("{endpoint}")
    @Produces(MediaType.TEXT_PLAIN)
    public Response remove(@PathParam("endpoint") String text) {
        Endpoint endpoint;
        try {
            endpoint = Endpoint.parse(text);
        } catch (IllegalArgumentException e) {
            return text(400, e.getMessage());
        }
        if (!runtime.node().peers().removePeer(endpoint)) {
            return text(404, "A peer identified by " + endpoint + " does not exist");
        }
        return Response.noContent().build();
    }

    static Response text(int status, String message) {
        return Response.status(status).type(MediaType.TEXT_PLAIN).entity(message).build();
    }
}
