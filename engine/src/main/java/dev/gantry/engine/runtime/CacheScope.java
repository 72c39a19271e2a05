package dev.gantry.engine.runtime;

import java.util.Objects;

/**
 * One entry of a runtime token's {@code ac} claim, as GitHub encodes it:
 * {@code {"Scope":"refs/heads/main","Permission":3}}. The job's own ref may be read and written;
 * the refs it falls back to (a pull request's base branch, the default branch) only read.
 *
 * @param scope a full ref ({@code refs/heads/x}, {@code refs/pull/1/merge}, {@code refs/tags/v1})
 * @param permission {@link #READ}, {@link #WRITE} or both ({@code 3})
 */
public record CacheScope(String scope, int permission) {
    public static final int READ = 1;
    public static final int WRITE = 2;

    public CacheScope {
        Objects.requireNonNull(scope, "scope");
        if (permission < 0 || permission > (READ | WRITE)) {
            throw new IllegalArgumentException("permission is 0 to 3, not " + permission);
        }
    }

    public boolean readable() {
        return (permission & READ) != 0;
    }

    public boolean writable() {
        return (permission & WRITE) != 0;
    }
}
