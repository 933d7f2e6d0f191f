package dev.mycelium.core.router;

import dev.mycelium.core.wire.Subnet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The admin API's route lists, kept current per subnet and turned into lists only when a reader asks.
 *
 * <p>The owner thread publishes an immutable {@link Slot} for each subnet a task changed (O(routes of that subnet),
 * next to the {@link RouteLookup} publication); readers never see the live table. Building the whole lists is O(table)
 * and happens on the reader's thread, at most once per change of the table: the owner used to rebuild them for every
 * coalesced snapshot, 10 times a second while Updates arrive, whether anyone looked or not (~7 % of a core with 10 000
 * subnets). The lists are consistent per subnet; a reader racing with the owner may see subnets from two moments.
 */
final class PublishedRoutes {

    /** One subnet as published: its routes (selected first, if any) or its query's expiry. Immutable. */
    private record Slot(Subnet subnet, List<RouterSnapshot.Route> selected, List<RouterSnapshot.Route> fallback,
            long queriedUntil) {

        boolean isQueried() {
            return queriedUntil >= 0;
        }
    }

    /** Lists built for one version of the slots. */
    private record Built(long version, List<RouterSnapshot.Route> selected, List<RouterSnapshot.Route> fallback,
            List<Slot> queried) {
    }

    private final ConcurrentHashMap<Subnet, Slot> slots = new ConcurrentHashMap<>();
    private final LongSupplier clock;
    /** Bumped by the owner after each change of {@link #slots}. */
    private volatile long version;
    private volatile Built built;

    PublishedRoutes(LongSupplier clock) {
        this.clock = clock;
    }

    /** Owner thread: the state of {@code subnet} after a task ({@code entry} null: gone). */
    void publish(Subnet subnet, SubnetEntry entry) {
        if (entry == null || (!entry.isQueried() && entry.routes.isEmpty())) {
            slots.remove(subnet);
        } else if (entry.isQueried()) {
            slots.put(subnet, new Slot(subnet, List.of(), List.of(), entry.queriedUntil));
        } else {
            List<RouterSnapshot.Route> selected = new ArrayList<>(1);
            List<RouterSnapshot.Route> fallback = new ArrayList<>(entry.routes.size());
            for (RouteEntry re : entry.routes) {
                RouterSnapshot.Route r = new RouterSnapshot.Route(re.subnet, re.neighbour.connectionId, re.metric,
                        re.seqno, re.routerId);
                (re.selected ? selected : fallback).add(r);
            }
            slots.put(subnet, new Slot(subnet, List.copyOf(selected), List.copyOf(fallback), -1));
        }
        version++; // single writer
    }

    /** Lists for a snapshot: built from the slots when first read. */
    RouterSnapshot.RouteLists lazily() {
        return new RouterSnapshot.RouteLists(this::read);
    }

    /** Any thread: the current lists. */
    RouterSnapshot.Lists read() {
        Built b = current();
        long now = clock.getAsLong();
        List<RouterSnapshot.QueriedSubnet> queried = new ArrayList<>(b.queried.size());
        for (Slot s : b.queried) {
            queried.add(new RouterSnapshot.QueriedSubnet(s.subnet, s.queriedUntil,
                    Math.max(0, s.queriedUntil - now) / 1000));
        }
        return new RouterSnapshot.Lists(b.selected, b.fallback, List.copyOf(queried));
    }

    private Built current() {
        Built b = built;
        long v = version; // read before the slots: a change during the walk leaves the result stale, not wrong
        if (b != null && b.version == v) {
            return b;
        }
        List<RouterSnapshot.Route> selected = new ArrayList<>();
        List<RouterSnapshot.Route> fallback = new ArrayList<>();
        List<Slot> queried = new ArrayList<>();
        for (Slot s : slots.values()) {
            if (s.isQueried()) {
                queried.add(s);
            } else {
                selected.addAll(s.selected);
                fallback.addAll(s.fallback);
            }
        }
        b = new Built(v, List.copyOf(selected), List.copyOf(fallback), List.copyOf(queried));
        built = b;
        return b;
    }
}
