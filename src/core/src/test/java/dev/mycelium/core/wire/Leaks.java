package dev.mycelium.core.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.netty.util.internal.logging.JdkLoggerFactory;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Turns Netty leak reports into test failures. The paranoid leak detector only logs "LEAK:" when a leaked buffer is
 * garbage collected; this captures those log records (Netty logs through java.util.logging in core's tests) and
 * {@link #assertNoneReported()} forces a collection, makes the detector poll, and fails on any report.
 */
public final class Leaks {

    private static final List<String> REPORTS = new CopyOnWriteArrayList<>();
    /** Held strongly: java.util.logging keeps loggers only weakly, and a new one would lack the handler. */
    private static final Logger LOGGER = Logger.getLogger(ResourceLeakDetector.class.getName());

    static {
        LOGGER.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                String message = record.getMessage();
                if (message != null && message.contains("LEAK")) {
                    REPORTS.add(message);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
    }

    private Leaks() {
    }

    /** Call before a test class allocates buffers so the capture is in place. */
    public static void install() {
        assertThat(InternalLoggerFactory.getDefaultFactory())
                .as("Netty must log through java.util.logging for leak capture")
                .isInstanceOf(JdkLoggerFactory.class);
        assertThat(ResourceLeakDetector.getLevel()).isEqualTo(ResourceLeakDetector.Level.PARANOID);
    }

    /** Collects garbage, lets the detector poll its queue, and fails when any leak was reported so far. */
    public static void assertNoneReported() throws InterruptedException {
        for (int round = 0; round < 3; round++) {
            System.gc();
            Thread.sleep(20);
            // Every tracked allocation polls the detector's reference queue and logs what it finds.
            for (int i = 0; i < 64; i++) {
                ByteBuf a = PooledByteBufAllocator.DEFAULT.directBuffer(16);
                ByteBuf b = UnpooledByteBufAllocator.DEFAULT.directBuffer(16);
                a.release();
                b.release();
            }
        }
        assertThat(REPORTS).as("Netty leak reports").isEmpty();
    }
}
