/**
 * The data plane (protocol.md section 6): IPv6 packets from the TUN are checked against the local rules (6.3), sealed
 * end to end with the destination's key (6.1, 6.2) and handed to the router; data packets the router delivers are
 * opened with the sender's key and written to the TUN (6.5); relays answer packets they cannot forward with
 * out-of-band ICMP (6.6).
 *
 * <pre>
 * TUN --read--> TunReader --seal (ThreadCrypto)--> Outbound --> Router.routeLocal / awaitRouteForLocal
 * Router --DataPlaneHook--> DataPlane --+--> TunWriter.inbound --> Inbound --open--> TunOutput --> TUN
 *                                      +--> releaseLocal: seal, routeLocal    oobIcmp: OobIcmpSender
 *                                      +--> localUnroutable: LocalIcmp --> TunWriter.ready --> TunOutput --> TUN
 * </pre>
 *
 * Threads: one TUN reader, one TUN writer, and the router's owner thread for the hook; each has its own cipher.
 * Buffers: pooled direct {@code ByteBuf}s; whoever receives one through a method documented "takes ownership"
 * releases it or passes it on.
 */
package dev.mycelium.core.dataplane;
