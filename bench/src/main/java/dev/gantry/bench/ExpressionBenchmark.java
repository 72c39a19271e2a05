package dev.gantry.bench;

import dev.gantry.workflow.expression.EvaluationContext;
import dev.gantry.workflow.expression.Expression;
import dev.gantry.workflow.expression.ExpressionScope;
import dev.gantry.workflow.expression.ExpressionValue;
import dev.gantry.workflow.expression.IfCondition;
import dev.gantry.workflow.expression.StatusFunctions;
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

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Cost of a typical {@code if:} condition: evaluating a parsed expression (what the engine does
 * per job and the runner per step) and parsing plus evaluating (a condition read once).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ExpressionBenchmark {
    private static final String CONDITION = "github.event_name == 'push' && startsWith(github.ref, 'refs/tags/') && !cancelled()";

    private ExpressionScope scope;
    private EvaluationContext context;
    private Expression parsed;
    private IfCondition condition;

    @Setup
    public void setUp() {
        scope = ExpressionScope.of("github", "env", "matrix", "needs").withFunctions(ExpressionScope.STATUS_FUNCTIONS);
        Map<String, ExpressionValue> github = new LinkedHashMap<>();
        github.put("event_name", ExpressionValue.of("push"));
        github.put("ref", ExpressionValue.of("refs/tags/v1.2.3"));
        github.put("ref_name", ExpressionValue.of("v1.2.3"));
        github.put("repository", ExpressionValue.of("octo-org/octo-repo"));
        github.put("sha", ExpressionValue.of("2ce6b095f4cceb616efed52266e3e3c0367ba795"));
        github.put("run_number", ExpressionValue.of(42));
        github.put("actor", ExpressionValue.of("mona"));
        context = new EvaluationContext(Map.of("github", new ExpressionValue.ObjectValue(github)),
                StatusFunctions.of(StatusFunctions.Status.SUCCESS));
        parsed = Expression.parse(CONDITION, scope);
        condition = IfCondition.parse(CONDITION, scope);
    }

    @Benchmark
    public ExpressionValue evaluateParsed() {
        return parsed.evaluate(context);
    }

    @Benchmark
    public boolean evaluateParsedIfCondition() {
        return condition.evaluate(context);
    }

    @Benchmark
    public ExpressionValue parseAndEvaluate() {
        return Expression.parse(CONDITION, scope).evaluate(context);
    }
}
