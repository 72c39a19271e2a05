package dev.gantry.bench;

import dev.gantry.workflow.ParsedWorkflow;
import dev.gantry.workflow.Workflow;
import dev.gantry.workflow.WorkflowJob;
import dev.gantry.workflow.WorkflowParser;
import dev.gantry.workflow.expression.EvaluationContext;
import dev.gantry.workflow.expression.ExpressionValue;
import dev.gantry.workflow.plan.JobPlan;
import dev.gantry.workflow.plan.Planner;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of reading a realistic workflow (about 300 lines, six jobs, a 3×4 matrix): parse and check
 * it as a push does, then plan every job (the matrix expanded into its legs with their names).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class WorkflowBenchmark {
    private String yaml;
    private Workflow workflow;
    private EvaluationContext context;

    @Setup
    public void setUp() {
        try (InputStream in = WorkflowBenchmark.class.getResourceAsStream("/dev/gantry/bench/ci-workflow.yml")) {
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ParsedWorkflow parsed = WorkflowParser.parse(".github/workflows/ci.yml", yaml);
        if (!parsed.isValid()) {
            throw new IllegalStateException("benchmark workflow is invalid: " + parsed.errors());
        }
        workflow = parsed.workflow().orElseThrow();
        context = EvaluationContext.of(Map.of("github", new ExpressionValue.ObjectValue(Map.of("ref", ExpressionValue.of("refs/heads/main")))));
    }

    @Benchmark
    public ParsedWorkflow parseAndCheck() {
        return WorkflowParser.parse(".github/workflows/ci.yml", yaml);
    }

    @Benchmark
    public List<JobPlan> planParsed() {
        return plan(workflow);
    }

    @Benchmark
    public List<JobPlan> parseCheckAndPlan() {
        return plan(WorkflowParser.parse(".github/workflows/ci.yml", yaml).workflow().orElseThrow());
    }

    private List<JobPlan> plan(Workflow parsed) {
        List<JobPlan> plans = new ArrayList<>();
        for (WorkflowJob job : parsed.jobs()) {
            plans.add(Planner.plan(job, context));
        }
        return plans;
    }
}
