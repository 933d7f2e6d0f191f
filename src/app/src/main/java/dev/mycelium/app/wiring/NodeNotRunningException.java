package dev.mycelium.app.wiring;

/** The API was asked about the node while none runs (start-up not finished, or shutting down): HTTP 503. */
public class NodeNotRunningException extends RuntimeException {
    public NodeNotRunningException() {
        super("the node is not running");
    }
}
