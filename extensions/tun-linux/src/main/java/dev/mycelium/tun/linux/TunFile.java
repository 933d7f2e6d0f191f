package dev.mycelium.tun.linux;

import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import java.io.IOException;

/** Opens {@code /dev/net/tun} and attaches the descriptor to a TUN interface with {@code TUNSETIFF}. */
final class TunFile {

    static final String CLONE_DEVICE = "/dev/net/tun";

    // linux/if_tun.h; the _IOW('T', n, int) encoding of asm-generic (x86_64, aarch64, riscv64)
    static final NativeLong TUNSETIFF = new NativeLong(0x400454caL);
    static final NativeLong TUNSETOFFLOAD = new NativeLong(0x400454d0L);
    static final NativeLong TUNSETVNETHDRSZ = new NativeLong(0x400454d8L);
    static final int IFF_TUN = 0x0001;
    static final int IFF_NO_PI = 0x1000;
    static final int IFF_MULTI_QUEUE = 0x0100;
    static final int IFF_VNET_HDR = 0x4000;

    private TunFile() {
    }

    /** A non-blocking, close-on-exec descriptor attached to the TUN interface {@code name}; fills in the name. */
    static int open(Ifreq ifr, int flags) throws IOException {
        int fd = LibC.open(CLONE_DEVICE, LibC.O_RDWR | LibC.O_NONBLOCK | LibC.O_CLOEXEC);
        if (fd < 0) {
            int errno = Native.getLastError();
            String hint = switch (errno) {
                case LibC.ENOENT, LibC.ENODEV -> " (is the tun kernel module loaded?)";
                case LibC.EACCES, LibC.EPERM -> " (run as root or grant access to " + CLONE_DEVICE + ")";
                default -> "";
            };
            throw new IOException("cannot open " + CLONE_DEVICE + ": " + LibC.describe(errno) + hint);
        }
        ifr.flags(flags);
        if (LibC.ioctl(fd, TUNSETIFF, ifr.memory) < 0) {
            int errno = Native.getLastError();
            LibC.close(fd);
            String hint = switch (errno) {
                case LibC.EPERM -> " (creating a TUN interface needs CAP_NET_ADMIN)";
                case LibC.EBUSY -> " (the interface exists and is in use, or exists with other flags:"
                        + " another node may be running)";
                case LibC.EINVAL -> " (an interface of another type has this name?)";
                default -> "";
            };
            throw new IOException("cannot create TUN interface '" + ifr.name() + "': " + LibC.describe(errno)
                    + hint);
        }
        return fd;
    }
}
