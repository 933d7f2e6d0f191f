package dev.mycelium.core.peer;

/** Outcome of {@link PeerManager#addPeer}: an endpoint already in the table is refused (protocol.md 2.9, API 409). */
public enum AddResult {
    ADDED,
    ALREADY_EXISTS
}
