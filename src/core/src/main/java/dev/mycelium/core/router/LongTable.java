package dev.mycelium.core.router;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A hash table from {@code long} keys to values with one writer thread and any number of lock-free readers, with no
 * allocation on reads (no boxed keys). Open addressing with linear probing over immutable-key slots: a slot, once
 * written, keeps its key for the table's life and only its value changes (a removed key is a slot with a null value),
 * so a reader racing with the writer sees either the old or the new value, never another key's. When live plus dead
 * slots pass half the capacity the writer copies the live slots (the same slot objects) into a fresh array and
 * publishes it; readers still on the old array keep seeing every value update.
 *
 * <p>{@link #put} and {@link #remove} from one thread at a time (the router's owner); {@link #get} from any thread.
 */
final class LongTable<V> {

    private static final int INITIAL_CAPACITY = 64;
    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Slot[].class);

    private static final class Slot<V> {
        final long key;
        volatile V value;

        Slot(long key, V value) {
            this.key = key;
            this.value = value;
        }
    }

    private volatile Slot<V>[] slots = newArray(INITIAL_CAPACITY);
    /** Writer only: slots in use in {@link #slots}, live or dead. */
    private int used;

    /** The value for {@code key}, or null. Any thread. */
    @SuppressWarnings("unchecked")
    V get(long key) {
        Slot<V>[] s = slots;
        int mask = s.length - 1;
        for (int i = index(key, mask); ; i = (i + 1) & mask) {
            Slot<V> slot = (Slot<V>) SLOTS.getAcquire(s, i);
            if (slot == null) {
                return null;
            }
            if (slot.key == key) {
                return slot.value;
            }
        }
    }

    /** Sets (null: removes) the value of {@code key}. Writer thread only. */
    @SuppressWarnings("unchecked")
    void put(long key, V value) {
        Slot<V>[] s = slots;
        int mask = s.length - 1;
        int i = index(key, mask);
        for (; ; i = (i + 1) & mask) {
            Slot<V> slot = (Slot<V>) SLOTS.getAcquire(s, i);
            if (slot == null) {
                break;
            }
            if (slot.key == key) {
                slot.value = value;
                return;
            }
        }
        if (value == null) {
            return;
        }
        if ((used + 1) * 2 > s.length) {
            rebuild(key, value);
            return;
        }
        used++;
        SLOTS.setRelease(s, i, new Slot<>(key, value));
    }

    /** Copies the live slots plus the new one into an array with room to grow, then publishes it. */
    @SuppressWarnings("unchecked")
    private void rebuild(long key, V value) {
        Slot<V>[] old = slots;
        int live = 1;
        for (Slot<V> slot : old) {
            if (slot != null && slot.value != null) {
                live++;
            }
        }
        int capacity = INITIAL_CAPACITY;
        while (live * 4 > capacity) {
            capacity <<= 1;
        }
        Slot<V>[] fresh = newArray(capacity);
        int mask = capacity - 1;
        for (Slot<V> slot : old) {
            if (slot != null && slot.value != null) {
                place(fresh, mask, slot);
            }
        }
        place(fresh, mask, new Slot<>(key, value));
        used = live;
        slots = fresh;
    }

    private static <V> void place(Slot<V>[] table, int mask, Slot<V> slot) {
        int i = index(slot.key, mask);
        while (table[i] != null) {
            i = (i + 1) & mask;
        }
        table[i] = slot;
    }

    private static int index(long key, int mask) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    @SuppressWarnings("unchecked")
    private static <V> Slot<V>[] newArray(int n) {
        return (Slot<V>[]) new Slot[n];
    }
}
