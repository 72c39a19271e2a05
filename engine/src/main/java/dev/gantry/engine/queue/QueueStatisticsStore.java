package dev.gantry.engine.queue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What the queue and the runners look like right now, for the metrics an autoscaler reads. */
public interface QueueStatisticsStore {
    /** Queued jobs counted by their {@code runs-on} label set (lower-cased, sorted). */
    Map<List<String>, Long> queuedJobsByLabels();

    /** Runners by state; a runner not seen since {@code onlineSince} is offline, busy or not. */
    RunnerCounts runnerCounts(Instant onlineSince);

    record RunnerCounts(long busy, long idle, long offline) {}
}
