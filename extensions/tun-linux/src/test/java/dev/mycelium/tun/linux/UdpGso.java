package dev.mycelium.tun.linux;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.io.IOException;

/** Sends one UDP/IPv6 buffer with the UDP_SEGMENT socket option, as QUIC stacks do (tests only). */
final class UdpGso {

    static {
        Native.register(UdpGso.class, Platform.C_LIBRARY_NAME);
    }

    private static final int SOL_UDP = 17;
    private static final int UDP_SEGMENT = 103;

    private UdpGso() {
    }

    private static native int setsockopt(int fd, int level, int name, Pointer value, int length);

    private static native long sendto(int fd, Pointer buf, long length, int flags, Pointer address, int addressLength);

    /** Sends {@code data} to [dst]:port as datagrams of {@code segment} bytes, handed to the kernel in one call. */
    static void send(byte[] dst, int port, byte[] data, int segment) throws IOException {
        int fd = LibC.socket(LibC.AF_INET6, LibC.SOCK_DGRAM | LibC.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw new IOException("socket: " + LibC.describe(Native.getLastError()));
        }
        try (Memory size = new Memory(4); Memory buf = new Memory(data.length); Memory sockaddr = new Memory(28)) {
            size.setInt(0, segment);
            if (setsockopt(fd, SOL_UDP, UDP_SEGMENT, size, 4) < 0) {
                throw new IOException("UDP_SEGMENT: " + LibC.describe(Native.getLastError()));
            }
            buf.write(0, data, 0, data.length);
            sockaddr.clear();
            sockaddr.setShort(0, (short) LibC.AF_INET6);
            sockaddr.setByte(2, (byte) (port >>> 8));
            sockaddr.setByte(3, (byte) port);
            sockaddr.write(8, dst, 0, 16);
            if (sendto(fd, buf, data.length, 0, sockaddr, 28) != data.length) {
                throw new IOException("sendto: " + LibC.describe(Native.getLastError()));
            }
        } finally {
            LibC.close(fd);
        }
    }
}
