package dev.mycelium.core.dataplane;

import dev.mycelium.testkit.LeakCheck;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** Base of the data plane tests on a {@link TestNet}: a fresh net per test, closed after it, and no buffer leaks. */
abstract class OnTestNet {

    final TestNet net = new TestNet();

    @BeforeAll
    static void leakCapture() {
        LeakCheck.install();
    }

    @AfterEach
    void closeNet() {
        net.close();
    }

    @AfterAll
    static void noLeaks() throws InterruptedException {
        LeakCheck.assertNoneReported();
    }
}
