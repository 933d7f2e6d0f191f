package dev.mycelium.core.peer;

/** How a peer became known (protocol.md 8.1 {@code PeerStats.type}). */
public enum PeerType {
    /** From {@code --peers}, the config file or the API; redialled every 5 s for ever. */
    STATIC("static"),
    /** It connected to us; never redialled. */
    INBOUND("inbound"),
    /** Found by link-local discovery (2.11); forgotten after 3 failed attempts. */
    LINK_LOCAL_DISCOVERY("linkLocalDiscovery");

    private final String jsonName;

    PeerType(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The name Mycelium's API uses. */
    public String jsonName() {
        return jsonName;
    }
}
