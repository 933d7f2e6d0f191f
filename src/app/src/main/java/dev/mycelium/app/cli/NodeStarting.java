package dev.mycelium.app.cli;

import dev.mycelium.core.crypto.NodeKeys;
import dev.mycelium.core.node.NodeOptions;

/**
 * CDI event fired once in node mode, after the options are resolved and the key is loaded, before the command blocks
 * until shutdown. The wiring observes it ({@code void start(@Observes NodeStarting e)}) to start the router, peers,
 * TUN and so on; an observer that throws stops the start-up with exit code 1. Not fired for subcommands.
 *
 * @param options the resolved settings
 * @param keys    the node's key pair (from the key file, created if it was missing)
 */
public record NodeStarting(NodeOptions options, NodeKeys keys) {
}
