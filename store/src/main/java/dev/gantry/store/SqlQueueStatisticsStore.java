package dev.gantry.store;

import dev.gantry.engine.queue.QueueStatisticsStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** Counts over {@code jobs}, {@code job_labels} and {@code runners} for the metrics. */
public final class SqlQueueStatisticsStore implements QueueStatisticsStore {
    private final Database database;

    public SqlQueueStatisticsStore(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public Map<List<String>, Long> queuedJobsByLabels() {
        Map<Long, List<String>> labelsByJob = new TreeMap<>();
        database.read(handle -> handle.createQuery("""
                        SELECT j.id, l.label_key FROM jobs j LEFT JOIN job_labels l ON l.job_id = j.id
                        WHERE j.status = 'queued' ORDER BY j.id, l.label_key""")
                .map((row, context) -> {
                    List<String> labels = labelsByJob.computeIfAbsent(row.getLong(1), ignored -> new ArrayList<>());
                    String label = row.getString(2);
                    if (label != null) {
                        labels.add(label);
                    }
                    return label;
                })
                .list());
        Map<List<String>, Long> counts = new HashMap<>();
        labelsByJob.values().forEach(labels -> counts.merge(List.copyOf(labels), 1L, Long::sum));
        return counts;
    }

    @Override
    public RunnerCounts runnerCounts(Instant onlineSince) {
        return database.read(handle -> handle.createQuery("""
                        SELECT
                          COALESCE(SUM(CASE WHEN last_seen_at >= :since AND busy THEN 1 ELSE 0 END), 0),
                          COALESCE(SUM(CASE WHEN last_seen_at >= :since AND NOT busy THEN 1 ELSE 0 END), 0),
                          COALESCE(SUM(CASE WHEN last_seen_at IS NULL OR last_seen_at < :since THEN 1 ELSE 0 END), 0)
                        FROM runners""")
                .bind("since", Timestamps.toMillis(onlineSince))
                .map((row, context) -> new RunnerCounts(row.getLong(1), row.getLong(2), row.getLong(3)))
                .one());
    }
}
