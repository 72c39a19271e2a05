package dev.gantry.engine.metrics;

import dev.gantry.engine.hooks.HookDeliveryStore;
import dev.gantry.engine.queue.DispatchStatistics;
import dev.gantry.engine.queue.QueueStatisticsStore;
import dev.gantry.engine.runners.Runner;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an autoscaler reads: the queue by label set and the runners by state (counted in the
 * database at each scrape, so every node answers the same), jobs dispatched with their queue
 * latency (counted by the node that saw each start), and webhook delivery attempts by outcome.
 */
public final class QueueMetrics {
    private final QueueStatisticsStore statistics;
    private final DispatchStatistics dispatches;
    private final HookDeliveryStore deliveries;
    private final Clock clock;

    public QueueMetrics(QueueStatisticsStore statistics, DispatchStatistics dispatches, HookDeliveryStore deliveries, Clock clock) {
        this.statistics = Objects.requireNonNull(statistics, "statistics");
        this.dispatches = Objects.requireNonNull(dispatches, "dispatches");
        this.deliveries = Objects.requireNonNull(deliveries, "deliveries");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param queuedByLabels queued jobs per {@code runs-on} label set (lower-cased, sorted)
     * @param deliveryAttempts webhook delivery attempts, {@code true} for those delivered
     * @param pendingDeliveries deliveries still to be tried
     */
    public record Snapshot(Map<List<String>, Long> queuedByLabels, QueueStatisticsStore.RunnerCounts runners,
                           DispatchStatistics.Snapshot dispatched, Map<Boolean, Long> deliveryAttempts, long pendingDeliveries) {
        public Snapshot {
            queuedByLabels = Map.copyOf(queuedByLabels);
            deliveryAttempts = Map.copyOf(deliveryAttempts);
        }
    }

    public Snapshot snapshot() {
        return new Snapshot(statistics.queuedJobsByLabels(), statistics.runnerCounts(clock.instant().minus(Runner.OFFLINE_AFTER)),
                dispatches.snapshot(), deliveries.countAttemptsByOutcome(), deliveries.countPending());
    }
}
