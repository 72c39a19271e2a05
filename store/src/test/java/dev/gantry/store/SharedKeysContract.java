package dev.gantry.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.engine.secrets.MasterKeys;
import dev.gantry.engine.secrets.SharedKeys;
import dev.gantry.testing.TestingClock;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The installation's shared signing key: one per database, the same on every node that shares it. */
abstract class SharedKeysContract extends DatabaseContract {
    private final SecureRandom random = new SecureRandom();
    private final byte[] master = bytes(32);

    @BeforeEach
    final void forgetKeys() {
        database.jdbi().useHandle(handle -> handle.execute("DELETE FROM shared_keys"));
    }

    private SharedKeys node(byte[] masterKey) {
        return new SharedKeys(new SqlSharedKeyStore(database), new MasterKeys(random, masterKey), random, new TestingClock());
    }

    @Test
    void nodesStartingTogetherAllGetTheKeyOneOfThemMade() throws Exception {
        int nodes = 8;
        CyclicBarrier together = new CyclicBarrier(nodes);
        ExecutorService pool = Executors.newFixedThreadPool(nodes);
        try {
            List<Future<byte[]>> keys = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                keys.add(pool.submit(() -> {
                    together.await();
                    return node(master).key(SharedKeys.SIGNING, Optional.empty());
                }));
            }
            byte[] first = keys.getFirst().get();
            assertThat(first).hasSize(32);
            for (Future<byte[]> key : keys) {
                assertThat(key.get()).isEqualTo(first);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(count("shared_keys")).isEqualTo(1);
        String stored = database.jdbi().withHandle(handle -> handle.createQuery("SELECT sealed_key FROM shared_keys")
                .mapTo(String.class).one());
        assertThat(stored).as("sealed at rest").doesNotContain(java.util.Base64.getEncoder().encodeToString(
                node(master).key(SharedKeys.SIGNING, Optional.empty())));
    }

    @Test
    void anUpgradedNodeAdoptsItsOldKeyOnlyWhenNoneIsSharedYet() {
        byte[] old = bytes(32);
        assertThat(node(master).key(SharedKeys.SIGNING, Optional.of(old.clone()))).isEqualTo(old);

        byte[] otherNodesOld = bytes(32);
        assertThat(node(master).key(SharedKeys.SIGNING, Optional.of(otherNodesOld))).isEqualTo(old);
    }

    @Test
    void aNodeWithAnotherMasterKeyRefusesToStartAndSaysWhy() {
        node(master).key(SharedKeys.SIGNING, Optional.empty());
        byte[] other = bytes(32);

        assertThatThrownBy(() -> node(other).key(SharedKeys.SIGNING, Optional.empty()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(MasterKeys.idOf(master))
                .hasMessageContaining(MasterKeys.idOf(other))
                .hasMessageContaining("GANTRY_SECRET_KEY")
                .hasMessageNotContaining(Arrays.toString(master));
    }

    private byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
