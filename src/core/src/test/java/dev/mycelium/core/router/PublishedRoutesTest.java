package dev.mycelium.core.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mycelium.core.router.Harness.Peer;
import dev.mycelium.core.router.Harness.Source;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The admin API's route lists ({@link PublishedRoutes}): published per subnet by the owner, built into lists only when
 * a snapshot's lists are first read, once per change of the table.
 */
class PublishedRoutesTest {

    private final Harness h = new Harness();

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void listsShowTheStoredMetricsOfSelectedAndFallbackRoutes() {
        Peer a = h.peer("A", 10);
        Peer b = h.peer("B", 10);
        Source s = h.source();
        Source t = h.source();
        a.announce(s, 1, 100);
        b.announce(s, 1, 300);
        b.announce(t, 4, 50);

        RouterSnapshot snap = h.snapshot();

        assertThat(snap.selectedRoutes()).containsExactlyInAnyOrder(
                new RouterSnapshot.Route(s.subnet(), "A", 100, 1, s.id()),
                new RouterSnapshot.Route(t.subnet(), "B", 50, 4, t.id()));
        assertThat(snap.fallbackRoutes()).containsExactly(new RouterSnapshot.Route(s.subnet(), "B", 300, 1, s.id()));
        assertThat(snap.queriedSubnets()).isEmpty();
    }

    @Test
    void aSnapshotKeepsTheListsItFirstReadAndANewOneSeesChanges() {
        Peer a = h.peer("A", 10);
        Peer b = h.peer("B", 10);
        Source s = h.source();
        a.announce(s, 1, 100);
        RouterSnapshot before = h.snapshot();
        assertThat(before.fallbackRoutes()).isEmpty();

        b.announce(s, 1, 300);

        assertThat(before.fallbackRoutes()).as("read before the change").isEmpty();
        assertThat(h.snapshot().fallbackRoutes()).extracting(RouterSnapshot.Route::nextHop).containsExactly("B");

        b.announce(s, 1, 280); // stored metric changes: the new value shows
        assertThat(h.snapshot().fallbackRoutes()).extracting(RouterSnapshot.Route::metric).containsExactly(280);
    }

    @Test
    void listsAreBuiltOncePerChangeOfTheTable() {
        Peer a = h.peer("A", 10);
        a.announce(h.source(), 1, 100);

        List<RouterSnapshot.Route> first = h.snapshot().selectedRoutes();
        h.run(1_000); // Hellos, counters: new snapshots, same routes
        assertThat(h.snapshot().selectedRoutes()).isSameAs(first);

        a.announce(h.source(), 1, 100);
        assertThat(h.snapshot().selectedRoutes()).isNotSameAs(first).hasSize(2);
    }

    @Test
    void queriedSubnetsAndGoneSubnetsLeaveTheLists() {
        Peer a = h.peer("A", 10);
        Source s = h.source();
        long asked = h.clock.nowMillis();
        h.router.requestRoute(s.address());
        h.settle();
        assertThat(h.snapshot().queriedSubnets()).containsExactly(
                new RouterSnapshot.QueriedSubnet(s.subnet(), asked + 15_000, 15));

        a.announce(s, 1, 100); // the answer replaces the marker
        assertThat(h.snapshot().queriedSubnets()).isEmpty();
        assertThat(h.snapshot().selectedRoutes()).hasSize(1);

        h.router.removeNeighbour(a);
        h.run(7_000); // the route, infinite after the link loss, expires 6 s later
        assertThat(h.snapshot().selectedRoutes()).isEmpty();
        assertThat(h.snapshot().fallbackRoutes()).isEmpty();
    }
}
