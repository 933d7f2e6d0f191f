package dev.mycelium.tun.linux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mycelium.spi.tun.TunBatchIo;
import dev.mycelium.spi.tun.TunConfig;
import dev.mycelium.spi.tun.TunDevice;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The plain device (one packet per syscall), as opened with offload turned off. */
class LinuxTunDeviceTest extends TunDeviceContract {

    @Override
    TunDevice openDevice(TunConfig config) throws IOException {
        return LinuxTunDevice.open(config);
    }

    @Test
    void backendOpensThePlainDeviceWhenOffloadIsTurnedOff() throws Exception {
        LinuxTunBackend noOffload = new LinuxTunBackend(System.getProperty("os.name"), System.getProperty("os.arch"),
                Path.of(TunFile.CLONE_DEVICE), Path.of("/proc/self/status"), false);
        String name = uniqueName();
        names.add(name);
        try (TunDevice device = noOffload.open(new TunConfig(name, overlayAddress(), PREFIX, MTU))) {
            assertThat(device).isInstanceOf(LinuxTunDevice.class).isNotInstanceOf(TunBatchIo.class);
        }
    }
}
