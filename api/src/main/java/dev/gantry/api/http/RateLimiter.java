package dev.gantry.api.http;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * GitHub's primary rate limit: a number of requests per caller per hour, counted in fixed windows
 * that start with the caller's first request. Counted per node, in memory: a limit exists to stop a
 * runaway script, not to bill, so an exact cluster-wide count is not worth a write per request.
 */
public final class RateLimiter {
    private static final long WINDOW_SECONDS = 3600;

    private final Clock clock;
    private final int authenticatedLimit;
    private final int anonymousLimit;
    private final ConcurrentMap<String, Window> windows = new ConcurrentHashMap<>();

    public RateLimiter(Clock clock, int authenticatedLimit, int anonymousLimit) {
        this.clock = clock;
        this.authenticatedLimit = authenticatedLimit;
        this.anonymousLimit = anonymousLimit;
    }

    /** Where a caller stands in the current window. */
    public record Status(int limit, int used, long resetEpochSeconds) {
        public int remaining() {
            return Math.max(0, limit - used);
        }

        public boolean exceeded() {
            return used > limit;
        }
    }

    /** Counts one request of {@code caller} (a user id or a client address) and returns the status after it. */
    public Status consume(String caller, boolean authenticated) {
        return update(caller, authenticated, 1);
    }

    /** The status without counting a request ({@code GET /rate_limit} is free, as on GitHub). */
    public Status peek(String caller, boolean authenticated) {
        return update(caller, authenticated, 0);
    }

    private Status update(String caller, boolean authenticated, int cost) {
        long now = clock.instant().getEpochSecond();
        int limit = authenticated ? authenticatedLimit : anonymousLimit;
        if (windows.size() > 100_000) {
            windows.values().removeIf(window -> window.resetEpochSeconds <= now);
        }
        Window window = windows.compute(caller, (key, existing) -> {
            Window current = existing == null || existing.resetEpochSeconds <= now ? new Window(now + WINDOW_SECONDS, 0) : existing;
            return new Window(current.resetEpochSeconds, current.used + cost);
        });
        return new Status(limit, window.used, window.resetEpochSeconds);
    }

    public Instant now() {
        return clock.instant();
    }

    private record Window(long resetEpochSeconds, int used) {}
}
