package dev.gantry.bench.engine;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** Sorted samples of a duration, with the order statistics the report prints. */
record Distribution(Duration[] sorted) {
    Distribution {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        sorted = sorted.clone();
        Arrays.sort(sorted);
    }

    static Distribution of(List<Duration> samples) {
        return new Distribution(samples.toArray(Duration[]::new));
    }

    int count() {
        return sorted.length;
    }

    Duration min() {
        return sorted[0];
    }

    Duration max() {
        return sorted[sorted.length - 1];
    }

    Duration median() {
        return percentile(50);
    }

    /** The nearest-rank percentile: the smallest sample with at least {@code p}% of the samples at or below it. */
    Duration percentile(double p) {
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    Duration mean() {
        return Arrays.stream(sorted).reduce(Duration.ZERO, Duration::plus).dividedBy(sorted.length);
    }
}
