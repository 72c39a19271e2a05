package dev.gantry.engine.store;

/**
 * A 1-based page of a list, as GitHub's {@code page} and {@code per_page} parameters name it.
 * The HTTP edge has already clamped {@code perPage} to GitHub's maximum.
 */
public record PageRequest(int page, int perPage) {
    public PageRequest {
        if (page < 1) {
            throw new IllegalArgumentException("page must be at least 1: " + page);
        }
        if (perPage < 1) {
            throw new IllegalArgumentException("perPage must be at least 1: " + perPage);
        }
    }

    public long offset() {
        return (long) (page - 1) * perPage;
    }
}
