package dev.mycelium.tun.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mycelium.spi.tun.Availability;
import dev.mycelium.spi.tun.TunConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinuxTunBackendTest {

    @TempDir
    Path dir;

    @Test
    void isNamedLinux() {
        assertThat(new LinuxTunBackend().name()).isEqualTo("linux");
    }

    @Test
    void notLinux() throws IOException {
        Availability a = backend("Mac OS X", "aarch64", existingDevice(), status("000001ffffffffff")).availability();
        assertThat(a.available()).isFalse();
        assertThat(a.reason()).contains("not Linux").contains("Mac OS X");
    }

    @Test
    void cloneDeviceMissing() throws IOException {
        Availability a = backend("Linux", "amd64", dir.resolve("no-tun"), status("000001ffffffffff"))
                .availability();
        assertThat(a.available()).isFalse();
        assertThat(a.reason()).contains("no-tun").contains("missing").contains("modprobe tun");
    }

    @Test
    void withoutNetAdminCapability() throws IOException {
        Availability a = backend("Linux", "amd64", existingDevice(), status("0000000000000000")).availability();
        assertThat(a.available()).isFalse();
        assertThat(a.reason()).contains("not permitted").contains("CAP_NET_ADMIN");
    }

    @Test
    void unsupportedArchitecture() throws IOException {
        Availability a = backend("Linux", "ppc64le", existingDevice(), status("000001ffffffffff")).availability();
        assertThat(a.available()).isFalse();
        assertThat(a.reason()).contains("ppc64le");
    }

    @Test
    void availableWithEverythingInPlace() throws IOException {
        Availability a = backend("Linux", "amd64", existingDevice(), status("0000000000001000")).availability();
        assertThat(a).isEqualTo(Availability.yes());
    }

    @Test
    void openRefusesWithTheReasonWhenNotAvailable() throws IOException {
        LinuxTunBackend backend = backend("Linux", "amd64", dir.resolve("no-tun"), status("000001ffffffffff"));
        assertThatThrownBy(() -> backend.open(new TunConfig("mycelium", new byte[16], 7, 1400)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("not usable")
                .hasMessageContaining("missing");
    }

    private LinuxTunBackend backend(String os, String arch, Path device, Path status) {
        return new LinuxTunBackend(os, arch, device, status, true);
    }

    private Path existingDevice() throws IOException {
        return Files.writeString(dir.resolve("tun"), "");
    }

    private Path status(String capEff) throws IOException {
        return Files.writeString(dir.resolve("status"), "Name:\tjava\nCapInh:\t0000000000000000\nCapEff:\t" + capEff
                + "\nCapBnd:\t000001ffffffffff\n");
    }
}
