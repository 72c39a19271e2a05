package dev.gantry.engine.queue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * Jobs handed to runners, counted by this node as it sees them start, with a histogram of how long
 * each waited in the queue (queued → claimed). Each job is counted once across nodes: whichever
 * node announces its start counts it. Thread-safe; lives as long as the server.
 */
public final class DispatchStatistics {
    /** Bucket bounds in seconds, Prometheus' defaults stretched to the minutes a queue can take. */
    public static final List<Double> BUCKETS = List.of(0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0, 900.0, 3600.0);

    private final AtomicLongArray bucketCounts = new AtomicLongArray(BUCKETS.size());
    private final AtomicLong count = new AtomicLong();
    private final DoubleAdder sumSeconds = new DoubleAdder();

    public void dispatched(Duration waited) {
        double seconds = Math.max(0, waited.toNanos() / 1e9);
        for (int index = 0; index < BUCKETS.size(); index++) {
            if (seconds <= BUCKETS.get(index)) {
                bucketCounts.incrementAndGet(index);
            }
        }
        sumSeconds.add(seconds);
        count.incrementAndGet();
    }

    /**
     * @param cumulative per bucket of {@link #BUCKETS}, how many waited at most that long
     */
    public record Snapshot(List<Long> cumulative, long count, double sumSeconds) {
        public Snapshot {
            cumulative = List.copyOf(cumulative);
        }
    }

    public Snapshot snapshot() {
        Long[] counts = new Long[BUCKETS.size()];
        for (int index = 0; index < counts.length; index++) {
            counts[index] = bucketCounts.get(index);
        }
        return new Snapshot(List.of(counts), count.get(), sumSeconds.sum());
    }
}
