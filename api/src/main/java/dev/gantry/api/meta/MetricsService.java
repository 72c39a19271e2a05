package dev.gantry.api.meta;

import dev.gantry.engine.metrics.QueueMetrics;
import dev.gantry.engine.queue.DispatchStatistics;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /metrics} in Prometheus' text exposition format (version 0.0.4), written by hand:
 * a handful of gauges, counters and one histogram need no library. Unauthenticated, as scrapers
 * expect; it shows counts and label names only.
 */
public final class MetricsService implements HttpService {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final QueueMetrics metrics;

    public MetricsService(QueueMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/metrics", this::scrape);
    }

    private void scrape(ServerRequest request, ServerResponse response) {
        response.header(HeaderNames.CONTENT_TYPE, CONTENT_TYPE);
        response.send(render(metrics.snapshot()));
    }

    static String render(QueueMetrics.Snapshot snapshot) {
        StringBuilder out = new StringBuilder();
        header(out, "gantry_jobs_queued", "gauge", "Jobs waiting for a runner, by their runs-on labels (lower-cased, sorted, comma-separated).");
        snapshot.queuedByLabels().entrySet().stream()
                .sorted(Map.Entry.comparingByKey(Comparator.comparing((List<String> labels) -> String.join(",", labels))))
                .forEach(entry -> out.append("gantry_jobs_queued{labels=\"").append(escape(String.join(",", entry.getKey())))
                        .append("\"} ").append(entry.getValue()).append('\n'));
        header(out, "gantry_runners", "gauge", "Registered runners by state: busy and idle are online.");
        out.append("gantry_runners{state=\"busy\"} ").append(snapshot.runners().busy()).append('\n');
        out.append("gantry_runners{state=\"idle\"} ").append(snapshot.runners().idle()).append('\n');
        out.append("gantry_runners{state=\"offline\"} ").append(snapshot.runners().offline()).append('\n');
        DispatchStatistics.Snapshot dispatched = snapshot.dispatched();
        header(out, "gantry_jobs_dispatched_total", "counter", "Jobs handed to a runner, counted by the node that saw each start.");
        out.append("gantry_jobs_dispatched_total ").append(dispatched.count()).append('\n');
        header(out, "gantry_job_dispatch_latency_seconds", "histogram", "Time from a job's queuing to its claim by a runner.");
        for (int index = 0; index < DispatchStatistics.BUCKETS.size(); index++) {
            out.append("gantry_job_dispatch_latency_seconds_bucket{le=\"").append(DispatchStatistics.BUCKETS.get(index)).append("\"} ")
                    .append(dispatched.cumulative().get(index)).append('\n');
        }
        out.append("gantry_job_dispatch_latency_seconds_bucket{le=\"+Inf\"} ").append(dispatched.count()).append('\n');
        out.append("gantry_job_dispatch_latency_seconds_sum ").append(dispatched.sumSeconds()).append('\n');
        out.append("gantry_job_dispatch_latency_seconds_count ").append(dispatched.count()).append('\n');
        header(out, "gantry_webhook_deliveries_total", "counter", "Webhook delivery attempts by outcome.");
        out.append("gantry_webhook_deliveries_total{outcome=\"success\"} ").append(snapshot.deliveryAttempts().getOrDefault(true, 0L))
                .append('\n');
        out.append("gantry_webhook_deliveries_total{outcome=\"failure\"} ").append(snapshot.deliveryAttempts().getOrDefault(false, 0L))
                .append('\n');
        header(out, "gantry_webhook_deliveries_pending", "gauge", "Webhook deliveries waiting for their first try or a retry.");
        out.append("gantry_webhook_deliveries_pending ").append(snapshot.pendingDeliveries()).append('\n');
        return out.toString();
    }

    private static void header(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    /** Label values escape backslash, double quote and newline. */
    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
