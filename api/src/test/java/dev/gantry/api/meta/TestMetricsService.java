package dev.gantry.api.meta;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.engine.metrics.QueueMetrics;
import dev.gantry.engine.queue.DispatchStatistics;
import dev.gantry.engine.queue.QueueStatisticsStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The text exposition format as Prometheus parses it: HELP/TYPE before samples, cumulative buckets, escaped label values. */
class TestMetricsService {
    @Test
    void rendersEveryFamilyWithCumulativeBuckets() {
        DispatchStatistics dispatches = new DispatchStatistics();
        dispatches.dispatched(Duration.ofMillis(40));
        dispatches.dispatched(Duration.ofSeconds(3));
        dispatches.dispatched(Duration.ofHours(2));
        String text = MetricsService.render(new QueueMetrics.Snapshot(
                Map.of(List.of("gpu", "self-hosted"), 2L, List.of(), 1L, List.of("we\"ird"), 1L),
                new QueueStatisticsStore.RunnerCounts(1, 2, 3), dispatches.snapshot(), Map.of(true, 5L, false, 1L), 4));

        assertThat(text).contains("# TYPE gantry_jobs_queued gauge\n")
                .contains("gantry_jobs_queued{labels=\"gpu,self-hosted\"} 2\n")
                .contains("gantry_jobs_queued{labels=\"\"} 1\n")
                .contains("gantry_jobs_queued{labels=\"we\\\"ird\"} 1\n")
                .contains("gantry_runners{state=\"busy\"} 1\n")
                .contains("gantry_runners{state=\"idle\"} 2\n")
                .contains("gantry_runners{state=\"offline\"} 3\n")
                .contains("gantry_jobs_dispatched_total 3\n")
                .contains("gantry_job_dispatch_latency_seconds_bucket{le=\"0.05\"} 1\n")
                .contains("gantry_job_dispatch_latency_seconds_bucket{le=\"5.0\"} 2\n")
                .contains("gantry_job_dispatch_latency_seconds_bucket{le=\"3600.0\"} 2\n")
                .contains("gantry_job_dispatch_latency_seconds_bucket{le=\"+Inf\"} 3\n")
                .contains("gantry_job_dispatch_latency_seconds_count 3\n")
                .contains("gantry_webhook_deliveries_total{outcome=\"success\"} 5\n")
                .contains("gantry_webhook_deliveries_total{outcome=\"failure\"} 1\n")
                .contains("gantry_webhook_deliveries_pending 4\n")
                .endsWith("\n");
        for (String line : text.split("\n")) {
            assertThat(line).as("a comment or a sample").matches("# (HELP|TYPE) .*|[a-z_]+(\\{[a-z]+=\"([^\"\\\\]|\\\\.)*\"})? [0-9.E+-]+");
        }
        String sum = text.lines().filter(line -> line.startsWith("gantry_job_dispatch_latency_seconds_sum ")).findFirst().orElseThrow();
        assertThat(Double.parseDouble(sum.substring(sum.indexOf(' ') + 1))).isCloseTo(7203.04, org.assertj.core.data.Offset.offset(1e-6));
    }
}
