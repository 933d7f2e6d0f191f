package dev.mycelium.core.wire.message;

/** The u16 flags of a message packet header (protocol.md 7.2); 0x0200 and the low byte are unused. */
public final class MessageFlags {

    public static final int INIT = 0x8000;
    public static final int DONE = 0x4000;
    public static final int ABORTED = 0x2000;
    public static final int CHUNK = 0x1000;
    public static final int READ = 0x0800;
    public static final int REPLY = 0x0400;
    public static final int ACK = 0x0100;

    private MessageFlags() {
    }
}
