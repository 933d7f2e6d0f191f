package dev.mycelium.tun.linux;

import dev.mycelium.spi.tun.TunConfig;
import dev.mycelium.spi.tun.TunDevice;
import java.io.IOException;

/** The plain device (one packet per syscall), as opened with offload turned off. */
class LinuxTunDeviceTest extends TunDeviceContract {

    @Override
    TunDevice openDevice(TunConfig config) throws IOException {
        return LinuxTunDevice.open(config);
    }
}
