package dev.mycelium.core.router;

/** What a neighbour is, learnt from the interval of its Hellos (our fast-liveness extension, see LinkMonitor). */
public enum PeerKind {
    /** No Hello received yet: we probe with fast Hellos but apply Mycelium's 43 s liveness rule. */
    UNKNOWN,
    /** Its Hellos carry a short interval: one of ours, fast liveness on both sides. */
    OURS,
    /** Its Hellos carry Mycelium's 2000 cs: 20 s Hellos and the 43 s rule. */
    MYCELIUM
}
