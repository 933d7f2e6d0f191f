package dev.mycelium.tun.linux;

import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.nio.Buffer;

/**
 * The few libc calls the TUN device needs, bound with JNA direct mapping ({@link Native#register}): a call costs
 * one JNI transition and no proxy, reflection or argument objects. Only 64-bit Linux (LP64: {@code long} is
 * {@code ssize_t}/{@code size_t}/a pointer); {@link LinuxTunBackend#availability()} checks that first.
 *
 * <p>Errors return -1; the caller reads errno with {@link Native#getLastError()} (JNA keeps it per thread).
 * A {@link Buffer} argument passes the buffer's <em>base</em> address (its position is ignored), so callers pass
 * a buffer there only when its position is 0 and use the {@code long address} overloads otherwise.
 */
final class LibC {

    static {
        Native.register(LibC.class, Platform.C_LIBRARY_NAME);
    }

    // open(2) flags (asm-generic, as on x86_64 and aarch64)
    static final int O_RDWR = 0x2;
    static final int O_NONBLOCK = 0x800;
    static final int O_CLOEXEC = 0x80000;

    // errno values
    static final int EPERM = 1;
    static final int ENOENT = 2;
    static final int EINTR = 4;
    static final int EBADF = 9;
    static final int EAGAIN = 11;
    static final int EACCES = 13;
    static final int EBUSY = 16;
    static final int EEXIST = 17;
    static final int ENODEV = 19;
    static final int EINVAL = 22;

    // poll(2)
    static final short POLLIN = 0x1;
    static final short POLLOUT = 0x4;
    static final int POLLFD_SIZE = 8; // struct pollfd { int fd; short events; short revents; }

    // socket(2)
    static final int AF_INET6 = 10;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_CLOEXEC = O_CLOEXEC;

    // eventfd(2)
    static final int EFD_NONBLOCK = O_NONBLOCK;
    static final int EFD_CLOEXEC = O_CLOEXEC;

    private LibC() {
    }

    static native int open(String path, int flags);

    static native int close(int fd);

    static native int ioctl(int fd, NativeLong request, Pointer arg);

    static native long read(int fd, Buffer buf, long count);

    static native long read(int fd, long address, long count);

    static native long write(int fd, Buffer buf, long count);

    static native long write(int fd, long address, long count);

    static native long readv(int fd, Pointer iov, int iovcnt);

    static native long writev(int fd, Pointer iov, int iovcnt);

    static native int poll(Pointer fds, long nfds, int timeoutMillis);

    static native int eventfd(int initval, int flags);

    static native int socket(int domain, int type, int protocol);

    static native int setns(int fd, int nstype);

    static native String strerror(int errnum);

    /** "EPERM (Operation not permitted)" style text for an errno. */
    static String describe(int errno) {
        String name = switch (errno) {
            case EPERM -> "EPERM";
            case ENOENT -> "ENOENT";
            case EINTR -> "EINTR";
            case EBADF -> "EBADF";
            case EAGAIN -> "EAGAIN";
            case EACCES -> "EACCES";
            case EBUSY -> "EBUSY";
            case EEXIST -> "EEXIST";
            case ENODEV -> "ENODEV";
            case EINVAL -> "EINVAL";
            default -> "errno " + errno;
        };
        return name + " (" + strerror(errno) + ")";
    }
}
