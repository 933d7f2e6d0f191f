package dev.mycelium.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SharedSecretsTest {

    @Test
    void bothSidesDeriveTheSameKey() {
        NodeKeys a = NodeKeys.generate();
        NodeKeys b = NodeKeys.generate();
        SharedSecret ab = new SharedSecrets(a).secretFor(b.publicKey());
        SharedSecret ba = new SharedSecrets(b).secretFor(a.publicKey());
        assertThat(ab.sameKeyAs(ba)).isTrue();
        assertThat(ab.rawBytes()).isEqualTo(ba.rawBytes()).hasSize(32);
        assertThat(ab.remote()).isEqualTo(b.publicKey());
        assertThat(ab.sameKeyAs(new SharedSecrets(a).secretFor(NodeKeys.generate().publicKey()))).isFalse();
    }

    @Test
    void secondLookupIsACacheHit() {
        SharedSecrets secrets = new SharedSecrets(NodeKeys.generate());
        PublicKey remote = NodeKeys.generate().publicKey();
        SharedSecret first = secrets.secretFor(remote);
        assertThat(secrets.secretFor(PublicKey.of(remote.bytes()))).isSameAs(first);
        assertThat(secrets.computedCount()).isEqualTo(1);
    }

    @Test
    void boundedLeastRecentlyUsed() {
        SharedSecrets secrets = new SharedSecrets(NodeKeys.generate(), 3);
        List<PublicKey> remotes = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            remotes.add(NodeKeys.generate().publicKey());
        }
        secrets.secretFor(remotes.get(0));
        secrets.secretFor(remotes.get(1));
        secrets.secretFor(remotes.get(2));
        secrets.secretFor(remotes.get(0)); // 0 is now the most recently used
        secrets.secretFor(remotes.get(3)); // evicts 1
        assertThat(secrets.size()).isEqualTo(3);
        assertThat(secrets.evictedCount()).isEqualTo(1);
        long computed = secrets.computedCount();
        secrets.secretFor(remotes.get(0));
        assertThat(secrets.computedCount()).as("0 kept").isEqualTo(computed);
        secrets.secretFor(remotes.get(1));
        assertThat(secrets.computedCount()).as("1 was evicted").isEqualTo(computed + 1);
        for (PublicKey r : remotes) {
            secrets.secretFor(r);
        }
        assertThat(secrets.size()).isEqualTo(3);
        assertThat(secrets.maxEntries()).isEqualTo(3);
    }

    @Test
    void lowOrderKeysAreRejectedOnceAndRemembered() {
        SharedSecrets secrets = new SharedSecrets(NodeKeys.generate());
        PublicKey zero = PublicKey.of(new byte[32]);
        assertThat(secrets.secretFor(zero)).isNull();
        assertThat(secrets.secretFor(zero)).isNull();
        assertThat(secrets.rejectedCount()).isEqualTo(1);
        assertThat(secrets.computedCount()).isEqualTo(1);
        PublicKey one = PublicKey.of(HexFormat.of().parseHex(
                "0100000000000000000000000000000000000000000000000000000000000000"));
        assertThat(secrets.secretFor(one)).isNull();
        assertThat(secrets.rejectedCount()).isEqualTo(2);
    }

    @Test
    void concurrentLookupsAgree() throws Exception {
        NodeKeys own = NodeKeys.generate();
        SharedSecrets secrets = new SharedSecrets(own, 8);
        List<PublicKey> remotes = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            remotes.add(NodeKeys.generate().publicKey());
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        PublicKey r = remotes.get(i % remotes.size());
                        if (!secrets.secretFor(r).sameKeyAs(SharedSecret.compute(own, r))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : results) {
                assertThat(f.get(30, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(secrets.size()).isLessThanOrEqualTo(8);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void capacityMustBePositive() {
        assertThatThrownBy(() -> new SharedSecrets(NodeKeys.generate(), 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void secretsNeverAppearInText() {
        NodeKeys k = NodeKeys.generate();
        SharedSecret s = SharedSecret.compute(k, NodeKeys.generate().publicKey());
        assertThat(s.toString()).doesNotContain(HexFormat.of().formatHex(s.rawBytes()));
        assertThat(k.toString()).doesNotContain(HexFormat.of().formatHex(k.secretBytes()))
                .contains(k.publicKey().toHex());
    }
}
