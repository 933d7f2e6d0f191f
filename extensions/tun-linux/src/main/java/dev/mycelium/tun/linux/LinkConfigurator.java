package dev.mycelium.tun.linux;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import java.io.IOException;

/**
 * Configures a network interface with the classic socket ioctls on an AF_INET6 datagram socket, as Mycelium's
 * Linux TUN does: MTU ({@code SIOCSIFMTU}), an IPv6 address with prefix length ({@code SIOCSIFADDR} with a
 * {@code struct in6_ifreq}, which also installs the on-link route of that prefix) and link up
 * ({@code SIOCSIFFLAGS}). The socket belongs to the network namespace of the calling thread.
 */
final class LinkConfigurator implements AutoCloseable {

    private static final NativeLong SIOCSIFADDR = new NativeLong(0x8916);
    private static final NativeLong SIOCGIFFLAGS = new NativeLong(0x8913);
    private static final NativeLong SIOCSIFFLAGS = new NativeLong(0x8914);
    private static final NativeLong SIOCSIFMTU = new NativeLong(0x8922);
    private static final NativeLong SIOCGIFINDEX = new NativeLong(0x8933);
    private static final int IFF_UP = 0x1;

    private final int socket;

    LinkConfigurator() throws IOException {
        socket = LibC.socket(LibC.AF_INET6, LibC.SOCK_DGRAM | LibC.SOCK_CLOEXEC, 0);
        if (socket < 0) {
            throw new IOException("cannot open an AF_INET6 control socket: "
                    + LibC.describe(Native.getLastError()));
        }
    }

    void setMtu(String name, int mtu) throws IOException {
        ioctl(SIOCSIFMTU, new Ifreq(name).intValue(mtu).memory, "set MTU " + mtu + " on " + name);
    }

    /** Adds {@code address/prefixLength}; an address that is already there (a persistent device) is fine. */
    void addAddress(String name, byte[] address, int prefixLength) throws IOException {
        Ifreq index = new Ifreq(name);
        ioctl(SIOCGIFINDEX, index.memory, "get the interface index of " + name);
        Memory in6Ifreq = new Memory(24); // struct in6_ifreq { in6_addr; u32 prefixlen; int ifindex; }
        in6Ifreq.write(0, address, 0, 16);
        in6Ifreq.setInt(16, prefixLength);
        in6Ifreq.setInt(20, index.intValue());
        if (LibC.ioctl(socket, SIOCSIFADDR, in6Ifreq) < 0) {
            int errno = Native.getLastError();
            if (errno != LibC.EEXIST) {
                throw failure("add address /" + prefixLength + " on " + name, errno);
            }
        }
    }

    void setUp(String name) throws IOException {
        Ifreq ifr = new Ifreq(name);
        ioctl(SIOCGIFFLAGS, ifr.memory, "read the flags of " + name);
        ifr.flags(ifr.flags() | IFF_UP);
        ioctl(SIOCSIFFLAGS, ifr.memory, "set " + name + " up");
    }

    private void ioctl(NativeLong request, Pointer arg, String what) throws IOException {
        if (LibC.ioctl(socket, request, arg) < 0) {
            throw failure(what, Native.getLastError());
        }
    }

    private static IOException failure(String what, int errno) {
        String hint = errno == LibC.EPERM || errno == LibC.EACCES ? " (needs CAP_NET_ADMIN)" : "";
        return new IOException("cannot " + what + ": " + LibC.describe(errno) + hint);
    }

    @Override
    public void close() {
        LibC.close(socket);
    }
}
