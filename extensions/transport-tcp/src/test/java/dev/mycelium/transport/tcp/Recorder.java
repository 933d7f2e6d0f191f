package dev.mycelium.transport.tcp;

import dev.mycelium.spi.transport.LinkHandler;
import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.atomic.AtomicInteger;

/** A link handler that keeps every byte it reads and how the link closed. */
final class Recorder implements LinkHandler {

    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    final AtomicInteger closes = new AtomicInteger();
    volatile Throwable cause;

    @Override
    public void onBytes(ByteBuf bytes) {
        try {
            byte[] b = new byte[bytes.readableBytes()];
            bytes.readBytes(b);
            synchronized (received) {
                received.writeBytes(b);
            }
        } finally {
            bytes.release();
        }
    }

    @Override
    public void onClosed(Throwable c) {
        cause = c;
        closes.incrementAndGet();
    }

    int size() {
        synchronized (received) {
            return received.size();
        }
    }

    byte[] bytes() {
        synchronized (received) {
            return received.toByteArray();
        }
    }

    boolean closed() {
        return closes.get() > 0;
    }
}
