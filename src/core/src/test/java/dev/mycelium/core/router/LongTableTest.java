package dev.mycelium.core.router;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LongTableTest {

    @Test
    void behavesLikeAMapThroughGrowthAndRemovals() {
        LongTable<String> t = new LongTable<>();
        Map<Long, String> model = new HashMap<>();
        Random r = new Random(1);
        for (int i = 0; i < 20_000; i++) {
            long key = r.nextInt(3_000) * 0x1_0000_0001L; // collisions in low bits too
            String v = r.nextInt(4) == 0 ? null : "v" + i;
            t.put(key, v);
            if (v == null) {
                model.remove(key);
            } else {
                model.put(key, v);
            }
        }
        for (int k = 0; k < 3_000; k++) {
            long key = k * 0x1_0000_0001L;
            assertThat(t.get(key)).as("key %d", key).isEqualTo(model.get(key));
        }
        assertThat(t.get(-1L)).isNull();
    }

    @Test
    void aReaderNeverSeesAnotherKeysValueWhileTheWriterGrowsTheTable() throws Exception {
        LongTable<Long> t = new LongTable<>();
        AtomicReference<String> wrong = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            Random r = new Random(2);
            for (int i = 0; i < 2_000_000 && wrong.get() == null; i++) {
                long key = r.nextInt(50_000);
                Long v = t.get(key);
                if (v != null && v != key) {
                    wrong.set("key " + key + " read " + v);
                }
            }
        });
        reader.start();
        for (long k = 0; k < 50_000; k++) {
            t.put(k, k);
            if (k % 3 == 0) {
                t.put(k / 2, null);
            }
        }
        reader.join();
        assertThat(wrong.get()).isNull();
        assertThat(t.get(49_999L)).isEqualTo(49_999L);
    }
}
