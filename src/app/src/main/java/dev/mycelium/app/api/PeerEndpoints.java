package dev.mycelium.app.api;

import dev.mycelium.app.config.UnsupportedFeatures;
import dev.mycelium.spi.transport.Endpoint;

/** Endpoint checks of the peers API: a parsable endpoint whose scheme this node supports. */
final class PeerEndpoints {

    private PeerEndpoints() {
    }

    /** Parses {@code text}; {@link IllegalArgumentException} with the reason for a 400. */
    static Endpoint parse(String text) {
        Endpoint e = Endpoint.parse(text);
        String missing = UnsupportedFeatures.PEER_SCHEMES.getOrDefault(e.scheme(),
                UnsupportedFeatures.SKIPPED_PEER_SCHEMES.get(e.scheme()));
        if (missing != null) {
            throw new IllegalArgumentException(missing + " is not supported yet");
        }
        return e;
    }
}
