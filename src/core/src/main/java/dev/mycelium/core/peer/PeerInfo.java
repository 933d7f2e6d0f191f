package dev.mycelium.core.peer;

import dev.mycelium.spi.transport.Endpoint;

/**
 * One row of the peer table as the admin API shows it (protocol.md 8.1 {@code PeerStats}).
 *
 * @param txBytes                 bytes sent to the peer, over all its connections so far
 * @param rxBytes                 bytes received from it, likewise
 * @param discoveredSecondsAgo    since the entry was created
 * @param lastConnectedSecondsAgo since the last connection came up; null when it never did
 */
public record PeerInfo(Endpoint endpoint, PeerType type, ConnectionState state, long txBytes, long rxBytes,
        long discoveredSecondsAgo, Long lastConnectedSecondsAgo) {
}
