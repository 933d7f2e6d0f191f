package dev.mycelium.tun.linux;

import dev.mycelium.spi.tun.Availability;
import dev.mycelium.spi.tun.TunBackend;
import dev.mycelium.spi.tun.TunConfig;
import dev.mycelium.spi.tun.TunDevice;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * TUN on Linux through {@code /dev/net/tun}, configured like Mycelium 0.7 (protocol.md 6.8): the node's full
 * address with the configured prefix length (7, so the on-link prefix routes all of 400::/7), MTU, link up.
 */
@Singleton
public class LinuxTunBackend implements TunBackend {

    /** Bit of CAP_NET_ADMIN in the capability masks of /proc/self/status. */
    private static final int CAP_NET_ADMIN = 12;
    private static final List<String> GENERIC_IOCTL_ARCHS = List.of("amd64", "x86_64", "aarch64", "riscv64");

    /** System property that turns TCP offload off (true by default). */
    public static final String OFFLOAD_PROPERTY = "mycelium.tun.linux.offload";

    private final boolean offload;
    private final String os;
    private final String arch;
    private final Path cloneDevice;
    private final Path procStatus;

    public LinuxTunBackend() {
        this(System.getProperty("os.name", ""), System.getProperty("os.arch", ""), Path.of(TunFile.CLONE_DEVICE),
                Path.of("/proc/self/status"), !"false".equals(System.getProperty(OFFLOAD_PROPERTY)));
    }

    /** For tests: the host facts availability() looks at. */
    LinuxTunBackend(String os, String arch, Path cloneDevice, Path procStatus, boolean offload) {
        this.offload = offload;
        this.os = os;
        this.arch = arch;
        this.cloneDevice = cloneDevice;
        this.procStatus = procStatus;
    }

    @Override
    public String name() {
        return "linux";
    }

    @Override
    public Availability availability() {
        if (!os.toLowerCase(Locale.ROOT).startsWith("linux")) {
            return Availability.no("not Linux (os.name is '" + os + "')");
        }
        if (!GENERIC_IOCTL_ARCHS.contains(arch)) {
            return Availability.no("CPU architecture '" + arch + "' is not supported (64-bit x86, ARM or RISC-V)");
        }
        if (!Files.exists(cloneDevice)) {
            return Availability.no(cloneDevice + " is missing (load the tun kernel module: modprobe tun)");
        }
        if (!Files.isReadable(cloneDevice) || !Files.isWritable(cloneDevice)) {
            return Availability.no("not permitted: no read/write access to " + cloneDevice
                    + " (run as root or with CAP_NET_ADMIN and access to the device)");
        }
        Boolean netAdmin = hasNetAdmin();
        if (netAdmin != null && !netAdmin) {
            return Availability.no("not permitted: the process lacks CAP_NET_ADMIN"
                    + " (run as root, or setcap cap_net_admin+ep on the java binary)");
        }
        try {
            Class.forName(LibC.class.getName(), true, LibC.class.getClassLoader());
        } catch (LinkageError | ClassNotFoundException e) {
            return Availability.no("JNA cannot bind libc: " + e);
        }
        return Availability.yes();
    }

    /**
     * The device with TCP offload ({@link LinuxOffloadTunDevice}, also a {@link dev.mycelium.spi.tun.TunBatchIo})
     * when the kernel supports it: bench/tun-io.sh measured TCP through it about 6x faster with batches and still
     * faster one packet at a time. Otherwise, or with {@code -D}{@value #OFFLOAD_PROPERTY}{@code =false}, the plain
     * {@link LinuxTunDevice}.
     */
    @Override
    public TunDevice open(TunConfig config) throws IOException {
        Availability availability = availability();
        if (!availability.available()) {
            throw new IOException("TUN backend 'linux' is not usable: " + availability.reason());
        }
        if (offload) {
            TunDevice device = LinuxOffloadTunDevice.openOrNull(config);
            if (device != null) {
                return device;
            }
        }
        return LinuxTunDevice.open(config);
    }

    /** From the effective capability mask; null when it cannot be read (then the open will tell). */
    private Boolean hasNetAdmin() {
        try {
            for (String line : Files.readAllLines(procStatus)) {
                if (line.startsWith("CapEff:")) {
                    long mask = Long.parseUnsignedLong(line.substring("CapEff:".length()).trim(), 16);
                    return (mask & (1L << CAP_NET_ADMIN)) != 0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return null;
        }
        return null;
    }
}
