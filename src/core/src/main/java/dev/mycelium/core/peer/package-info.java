/**
 * Peers: the links of a node and the table that keeps them up (protocol.md 2.8-2.11).
 *
 * <p>{@link dev.mycelium.core.peer.PeerManager} owns the endpoint-keyed table and the 5 s redial tick; each live link
 * is a {@link dev.mycelium.core.peer.Peer}, the router's {@link dev.mycelium.core.router.Neighbour}, which frames the
 * byte stream; {@link dev.mycelium.core.peer.LinkLocalDiscovery} adds peers it hears on {@code ff02::cafe};
 * {@link dev.mycelium.core.peer.Transports} indexes the transports by scheme.
 */
package dev.mycelium.core.peer;
