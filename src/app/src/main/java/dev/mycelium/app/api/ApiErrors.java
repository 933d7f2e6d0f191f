package dev.mycelium.app.api;

import dev.mycelium.app.wiring.NodeNotRunningException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Maps what the resources may throw to status codes; a request is never answered with a stack trace. */
public class ApiErrors {

    @ServerExceptionMapper
    public Response notRunning(NodeNotRunningException e) {
        return PeersResource.text(503, e.getMessage());
    }
}
