package dev.gantry.bench;

import dev.gantry.workflow.WorkflowParser;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;

/**
 * The CPU time (not wall time) of parsing, checking and planning {@link WorkflowBenchmark}'s
 * workflow, for machines too busy for JMH's wall-clock figures to mean much:
 * {@code java -cp bench/target/benchmarks.jar dev.gantry.bench.WorkflowCpuTime}.
 */
public final class WorkflowCpuTime {
    private WorkflowCpuTime() {
    }

    public static void main(String[] arguments) throws IOException {
        String yaml;
        try (InputStream in = WorkflowCpuTime.class.getResourceAsStream("/dev/gantry/bench/ci-workflow.yml")) {
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        WorkflowBenchmark benchmark = new WorkflowBenchmark();
        benchmark.setUp();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int iterations = 2_000;
        for (int round = 1; round <= 5; round++) {
            long parseStart = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < iterations; i++) {
                WorkflowParser.parse(".github/workflows/ci.yml", yaml);
            }
            long planStart = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < iterations; i++) {
                benchmark.parseCheckAndPlan();
            }
            long end = threads.getCurrentThreadCpuTime();
            System.out.printf("round %d: parseAndCheck %.0f µs CPU/op, parseCheckAndPlan %.0f µs CPU/op%n", round,
                    (planStart - parseStart) / 1_000.0 / iterations, (end - planStart) / 1_000.0 / iterations);
        }
    }
}
