package dev.mycelium.tun.linux;

import com.sun.jna.Memory;
import java.nio.charset.StandardCharsets;

/**
 * A {@code struct ifreq} (40 bytes on LP64): the interface name in the first {@code IFNAMSIZ} bytes, then a
 * 24-byte union of which we use a short (flags) or an int (MTU, index) at offset 16.
 */
final class Ifreq {

    static final int IFNAMSIZ = 16;
    private static final int SIZE = 40;
    private static final int UNION = IFNAMSIZ;

    final Memory memory = new Memory(SIZE);

    Ifreq(String name) {
        memory.clear();
        byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
        memory.write(0, bytes, 0, bytes.length);
    }

    /** The name the kernel wrote back (TUNSETIFF fills in a {@code %d} template). */
    String name() {
        byte[] bytes = memory.getByteArray(0, IFNAMSIZ);
        int len = 0;
        while (len < bytes.length && bytes[len] != 0) {
            len++;
        }
        return new String(bytes, 0, len, StandardCharsets.US_ASCII);
    }

    short flags() {
        return memory.getShort(UNION);
    }

    Ifreq flags(int flags) {
        memory.setShort(UNION, (short) flags);
        return this;
    }

    int intValue() {
        return memory.getInt(UNION);
    }

    Ifreq intValue(int value) {
        memory.setInt(UNION, value);
        return this;
    }
}
