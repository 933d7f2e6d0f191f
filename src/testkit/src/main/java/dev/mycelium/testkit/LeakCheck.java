package dev.mycelium.testkit;

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
 * Turns Netty leak reports into test failures, for any module's tests. The paranoid leak detector only logs "LEAK:"
 * when a leaked buffer is garbage collected; this captures those records (Netty must log through
 * java.util.logging) and {@link #assertNoneReported()} forces collections, makes the detector poll, and throws an
 * {@link AssertionError} on any report.
 */
public final class LeakCheck {

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

    private LeakCheck() {
    }

    /** Call before a test class allocates buffers so the capture is in place. */
    public static void install() {
        if (!(InternalLoggerFactory.getDefaultFactory() instanceof JdkLoggerFactory)) {
            throw new AssertionError("Netty must log through java.util.logging for leak capture, it uses "
                    + InternalLoggerFactory.getDefaultFactory().getClass().getName());
        }
        if (ResourceLeakDetector.getLevel() != ResourceLeakDetector.Level.PARANOID) {
            throw new AssertionError("tests must run with -Dio.netty.leakDetection.level=paranoid");
        }
    }

    /** Collects garbage, lets the detector poll its queue, and fails when any leak was reported so far. */
    public static void assertNoneReported() throws InterruptedException {
        for (int round = 0; round < 3; round++) {
            System.gc();
            Thread.sleep(20); // lets the reference queue fill after the collection; not a wait for a condition
            // Every tracked allocation polls the detector's reference queue and logs what it finds.
            for (int i = 0; i < 64; i++) {
                ByteBuf a = PooledByteBufAllocator.DEFAULT.directBuffer(16);
                ByteBuf b = UnpooledByteBufAllocator.DEFAULT.directBuffer(16);
                a.release();
                b.release();
            }
        }
        if (!REPORTS.isEmpty()) {
            throw new AssertionError("Netty leak reports: " + REPORTS);
        }
    }
}
