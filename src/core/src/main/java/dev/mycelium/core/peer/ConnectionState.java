package dev.mycelium.core.peer;

/** State of a peer's connection (protocol.md 8.1 {@code PeerStats.connectionState}). */
public enum ConnectionState {
    ALIVE("alive"),
    CONNECTING("connecting"),
    DEAD("dead");

    private final String jsonName;

    ConnectionState(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The name Mycelium's API uses. */
    public String jsonName() {
        return jsonName;
    }
}
