package dev.gantry.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The system clock plus an offset a test can move forward: time passes as usual (a whole server
 * with leases, heartbeats and real runners keeps working), and {@link #advance} makes a cron due
 * or a timeout pass at once. Thread-safe; always UTC. Use {@link TestingClock} where time should
 * stand still.
 */
public final class TestingSystemClock extends Clock {
    private final Clock system = Clock.systemUTC();
    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    /** Moves the clock forward by {@code duration} (never back: leases and tokens assume time only grows). */
    public Instant advance(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("a TestingSystemClock only moves forward, not by " + duration);
        }
        offset.updateAndGet(current -> current.plus(duration));
        return instant();
    }

    @Override
    public Instant instant() {
        return system.instant().plus(offset.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a TestingSystemClock is always UTC");
    }
}
