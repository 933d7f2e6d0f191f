package dev.mycelium.app.netns;

import java.util.List;

/**
 * A veth pair between two namespaces of a lab, with one IPv6 and one IPv4 address per side.
 *
 * <p>{@link #cut()} makes the link silent the way a pulled cable is: every frame is dropped on arrival at either end,
 * while both interfaces stay up, so neither kernel sees a link event and no TCP RST or ICMP error ever reaches the
 * nodes. It redirects all ingress traffic (tc u32 match-all, mirred) to an IFB device that stays down, which needs
 * only iproute2 and kernel features present on every distribution kernel (netem is missing on some, e.g. this CI's).
 */
public final class VethLink {

    private final Netns left;
    private final String leftIf;
    private final Netns right;
    private final String rightIf;
    private final int index;
    private boolean cut;

    VethLink(Netns left, String leftIf, Netns right, String rightIf, int index) {
        this.left = left;
        this.leftIf = leftIf;
        this.right = right;
        this.rightIf = rightIf;
        this.index = index;
    }

    void configure() {
        for (Netns side : List.of(left, right)) {
            String dev = ifIn(side);
            side.ip("-6", "addr", "add", v6(side) + "/64", "dev", dev, "nodad");
            side.ip("-4", "addr", "add", v4(side) + "/24", "dev", dev);
            side.ip("link", "set", dev, "up");
        }
        left.awaitLinkUp(leftIf);
        right.awaitLinkUp(rightIf);
    }

    public Netns left() {
        return left;
    }

    public Netns right() {
        return right;
    }

    public String leftIf() {
        return leftIf;
    }

    public String rightIf() {
        return rightIf;
    }

    /** The interface name of this link inside {@code side}. */
    public String ifIn(Netns side) {
        return side(side) == 0 ? leftIf : rightIf;
    }

    /** The IPv6 address of {@code side} on this link ({@code fd00:N::1} left, {@code ::2} right). */
    public String v6(Netns side) {
        return "fd00:" + index + "::" + (side(side) + 1);
    }

    /** The IPv4 address of {@code side} on this link ({@code 10.0.N.1} left, {@code .2} right). */
    public String v4(Netns side) {
        return "10.0." + index + "." + (side(side) + 1);
    }

    /** The other end's namespace. */
    public Netns peerOf(Netns side) {
        return side(side) == 0 ? right : left;
    }

    /** Silence: both ends drop everything that arrives; interfaces stay up (see the class comment). */
    public synchronized void cut() {
        if (cut) {
            return;
        }
        for (Netns side : List.of(left, right)) {
            String dev = ifIn(side);
            String sink = sinkName(dev);
            if (!Cmd.run("ip", "-n", side.name(), "link", "show", "dev", sink).ok()) {
                side.ip("link", "add", sink, "type", "ifb"); // left down: whatever is sent to it is dropped
            }
            requireOk(side.tc("qdisc", "add", "dev", dev, "ingress"));
            requireOk(side.tc("filter", "add", "dev", dev, "parent", "ffff:", "protocol", "all", "u32", "match",
                    "u32", "0", "0", "action", "mirred", "egress", "redirect", "dev", sink));
        }
        cut = true;
    }

    /** Undoes {@link #cut()}. */
    public synchronized void restore() {
        if (!cut) {
            return;
        }
        for (Netns side : List.of(left, right)) {
            requireOk(side.tc("qdisc", "del", "dev", ifIn(side), "ingress"));
        }
        cut = false;
    }

    /** {@code ip link set down} on one end (a link event, unlike {@link #cut()}). */
    public void down(Netns side) {
        side.ip("link", "set", ifIn(side), "down");
    }

    public void up(Netns side) {
        side.ip("link", "set", ifIn(side), "up");
        left.awaitLinkUp(leftIf);
        right.awaitLinkUp(rightIf);
    }

    private static String sinkName(String dev) {
        String n = "cut-" + dev;
        return n.length() > 15 ? n.substring(0, 15) : n;
    }

    private static void requireOk(Cmd.Result r) {
        if (!r.ok()) {
            throw new IllegalStateException("tc failed (kernel without ingress qdisc, u32 or mirred?): "
                    + r.describe());
        }
    }

    private int side(Netns ns) {
        if (ns == left) {
            return 0;
        }
        if (ns == right) {
            return 1;
        }
        throw new IllegalArgumentException(ns + " is not an end of this link");
    }

    @Override
    public String toString() {
        return left.label() + ":" + leftIf + " <-> " + right.label() + ":" + rightIf;
    }
}
