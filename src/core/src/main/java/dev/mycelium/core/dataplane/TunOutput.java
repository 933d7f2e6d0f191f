package dev.mycelium.core.dataplane;

import dev.mycelium.core.dataplane.DataPlaneStats.Counter;
import dev.mycelium.spi.tun.TunBatchIo;
import dev.mycelium.spi.tun.TunDevice;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.jboss.logging.Logger;

/**
 * Writes packets into the TUN for the writer thread, counting failures instead of throwing them per packet. A device
 * offering {@link TunBatchIo} gets the packets copied into {@link #BATCH_SLOTS} slots and written together on
 * {@link #flush()} (or when the slots are full), so the kernel can coalesce a TCP flow's segments (GRO); others get
 * one write per packet.
 */
final class TunOutput {

    /** Packets per batched write (the writer flushes at least after every drain round). */
    static final int BATCH_SLOTS = 64;

    private static final Logger LOG = Logger.getLogger(TunOutput.class);

    private final TunDevice tun;
    private final DataPlaneStats stats;
    private final TunBatchIo batch;
    private final ByteBuffer[] slots;
    private final int slotSize;
    private int pending;

    TunOutput(TunDevice tun, DataPlaneStats stats, int mtu) {
        this.tun = tun;
        this.stats = stats;
        this.batch = tun instanceof TunBatchIo b ? b : null;
        this.slotSize = Math.max(tun.mtu(), mtu);
        this.slots = new ByteBuffer[batch == null ? 0 : BATCH_SLOTS];
        if (batch != null) {
            // Plain direct memory for the writer's whole life: allocated once, freed with this object.
            ByteBuffer all = ByteBuffer.allocateDirect(BATCH_SLOTS * slotSize);
            for (int i = 0; i < BATCH_SLOTS; i++) {
                all.limit((i + 1) * slotSize).position(i * slotSize);
                slots[i] = all.slice();
            }
        }
    }

    /**
     * Writes (or queues for the next {@link #flush()}) the packet between {@code packet}'s position and limit, which
     * is consumed. Returns false when the device refused it at once.
     */
    boolean write(ByteBuffer packet) {
        if (batch == null || packet.remaining() > slotSize) {
            flush();
            return writeOne(packet);
        }
        ByteBuffer slot = slots[pending++];
        slot.clear();
        slot.put(packet);
        slot.flip();
        if (pending == slots.length) {
            flush();
        }
        return true;
    }

    /** Writes what is queued for a batched write. */
    void flush() {
        if (pending == 0) {
            return;
        }
        int count = pending;
        pending = 0;
        try {
            batch.writePackets(slots, count);
        } catch (IOException | RuntimeException e) {
            failed(e, count);
        }
    }

    private boolean writeOne(ByteBuffer packet) {
        try {
            tun.write(packet);
            return true;
        } catch (IOException | RuntimeException e) {
            failed(e, 1);
            return false;
        }
    }

    private void failed(Exception e, int packets) {
        long before = stats.get(Counter.TUN_WRITE_ERRORS);
        stats.add(Counter.TUN_WRITE_ERRORS, packets);
        // The first failure tells the operator; the counter tells the rest.
        if (before == 0) {
            LOG.warnf(e, "writing to TUN device %s failed (further failures only counted)", tun.name());
        }
    }
}
