package dev.gantry.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The built-in cache actions' version is {@code @actions/cache}'s, or their caches would never meet. */
class TestCacheActions {
    @Test
    void theVersionIsTheLibrarysHashOfPathsCompressionAndSalt() {
        // Computed with node: sha256(['data', 'zstd-without-long', '1.0'].join('|')), as getCacheVersion does.
        assertThat(CacheActions.version(List.of("data"), "zstd-without-long"))
                .isEqualTo("3ad75f27293d65a135214b8c82b296080f911dc107e52f1e7ec871a2eda46e69");
        assertThat(CacheActions.version(List.of("~/.npm", "node_modules"), "gzip"))
                .isEqualTo("968e3aea03edad41d8b91581ef9d7f0b1f7776f6d419099a8efd7256ea89bf8c");
    }

    @Test
    void itHandlesTheThreeCacheActionsAtAnyVersion() {
        assertThat(CacheActions.handles("actions/cache@v4")).isTrue();
        assertThat(CacheActions.handles("Actions/Cache/restore@v3")).isTrue();
        assertThat(CacheActions.handles("actions/cache/save@0123456789abcdef")).isTrue();
        assertThat(CacheActions.handles("actions/cache-other@v1")).isFalse();
        assertThat(CacheActions.handles("actions/checkout@v4")).isFalse();
    }
}
