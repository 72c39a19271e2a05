package dev.gantry.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    void pathsAreGlobbedLikeTheLibraryDoesWithoutImplicitDescendants(@TempDir Path workspace) throws IOException {
        Files.createDirectories(workspace.resolve("a/node_modules/x"));
        Files.createDirectories(workspace.resolve("b/node_modules"));
        Files.createDirectories(workspace.resolve("b/target"));
        Files.writeString(workspace.resolve("a/node_modules/x/index.js"), "x");
        Files.writeString(workspace.resolve("b/target/app.jar"), "jar");
        Files.writeString(workspace.resolve("b/target/app.log"), "log");

        assertThat(CacheActions.resolve(workspace, List.of("**/node_modules"))).containsExactly("a/node_modules", "b/node_modules");
        assertThat(CacheActions.resolve(workspace, List.of("b/target", "!b/target/*.log")))
                .as("a matched directory is archived whole; an exclusion inside it needs its files matched one by one")
                .containsExactly("b/target");
        assertThat(CacheActions.resolve(workspace, List.of("b/target/*", "!b/target/*.log"))).containsExactly("b/target/app.jar");
        assertThat(CacheActions.resolve(workspace, List.of("missing", "a"))).containsExactly("a");
        assertThat(CacheActions.resolve(workspace, List.of("."))).containsExactly(".");
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
