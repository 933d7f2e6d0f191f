package dev.mycelium.tun.linux;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;

/**
 * Native base address of the direct buffer used last, so that a caller that keeps reusing one buffer (a TUN
 * reader thread with header room before the packet) pays no allocation per packet. A different buffer costs one
 * JNA lookup and one small entry. Safe for concurrent callers: an entry is immutable and replaced whole.
 */
final class DirectAddresses {

    private record Entry(ByteBuffer buffer, long address) {
    }

    private volatile Entry last;

    long baseAddress(ByteBuffer buffer) {
        Entry entry = last;
        if (entry != null && entry.buffer == buffer) {
            return entry.address;
        }
        long address = Pointer.nativeValue(Native.getDirectBufferPointer(buffer));
        last = new Entry(buffer, address);
        return address;
    }
}
