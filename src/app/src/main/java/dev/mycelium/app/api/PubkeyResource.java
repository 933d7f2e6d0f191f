package dev.mycelium.app.api;

import dev.mycelium.app.wiring.NodeRuntime;
import dev.mycelium.core.crypto.PublicKey;
import dev.mycelium.core.node.Node;
import dev.mycelium.core.router.RouteLookup;
import dev.mycelium.core.wire.Ipv6Text;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code GET /api/v1/pubkey/{ip}}: the public key owning an overlay address, when a route to it is known. */
@Path("/api/v1/pubkey")
public class PubkeyResource {

    @Inject
    NodeRuntime runtime;

    @GET
    @Path("{ip}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response lookup(@PathParam("ip") String ip) {
        byte[] address;
        try {
            address = Ipv6Text.parse(ip);
        } catch (IllegalArgumentException e) {
            return Response.status(400).build();
        }
        Node node = runtime.node();
        if (node.keys().address().nodeSubnet().contains(address)) {
            return Response.ok(new ApiJson.PublicKeyJson(node.keys().publicKey().toHex())).build();
        }
        RouteLookup.Destination d = node.router().routes().lookup(address);
        if (d == null || d.publicKey() == null) {
            return Response.status(404).build();
        }
        return Response.ok(new ApiJson.PublicKeyJson(PublicKey.of(d.publicKey()).toHex())).build();
    }
}
