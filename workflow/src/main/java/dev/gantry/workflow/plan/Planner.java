package dev.gantry.workflow.plan;

import dev.gantry.workflow.Workflow;
import dev.gantry.workflow.WorkflowJob;
import dev.gantry.workflow.expression.EvaluationContext;
import dev.gantry.workflow.expression.ExpressionException;
import dev.gantry.workflow.expression.ExpressionValue;
import dev.gantry.workflow.expression.ExpressionValue.ArrayValue;
import dev.gantry.workflow.expression.ExpressionValue.ObjectValue;
import dev.gantry.workflow.template.TemplateToken;
import dev.gantry.workflow.template.TokenEvaluator;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Plans jobs: evaluates a job's {@code strategy} (which may use {@code needs} outputs, so only
 * when the job is ready) and expands its matrix into legs with GitHub's display names, and
 * orders jobs by {@code needs}. Pure and stateless.
 */
public final class Planner {
    /** GitHub's limit on the jobs one matrix may produce. */
    public static final int MAXIMUM_MATRIX_JOBS = 256;

    private Planner() {
    }

    /**
     * Plans {@code job}: evaluates its strategy in {@code context} (contexts {@code github},
     * {@code inputs}, {@code vars}, {@code needs}) and expands the matrix.
     *
     * @throws PlanException with GitHub's message when the strategy is not valid once evaluated,
     *     or an expression in it or in the job's name fails
     */
    public static JobPlan plan(WorkflowJob job, EvaluationContext context) {
        try {
            return planStrategy(job, context);
        } catch (ExpressionException e) {
            throw new PlanException(e.getMessage());
        }
    }

    private static JobPlan planStrategy(WorkflowJob job, EvaluationContext context) {
        boolean failFast = true;
        OptionalInt maxParallel = OptionalInt.empty();
        ObjectValue matrix = null;
        if (job.strategy().isPresent()) {
            ExpressionValue strategy = TokenEvaluator.evaluate(job.strategy().get(), context);
            if (strategy instanceof ObjectValue object) {
                for (Map.Entry<String, ExpressionValue> entry : object.properties().entrySet()) {
                    switch (entry.getKey().toLowerCase(Locale.ROOT)) {
                        case "fail-fast" -> failFast = ExpressionValue.isTruthy(entry.getValue());
                        case "max-parallel" -> {
                            if (entry.getValue() instanceof ExpressionValue.NumberValue number && number.value() >= 1) {
                                maxParallel = OptionalInt.of((int) number.value());
                            }
                        }
                        case "matrix" -> {
                            if (entry.getValue() instanceof ObjectValue value) {
                                matrix = value;
                            } else if (!(entry.getValue() instanceof ExpressionValue.NullValue)) {
                                throw new PlanException("Unexpected type of value '" + ExpressionValue.toText(entry.getValue())
                                        + "', expected type: Mapping.");
                            }
                        }
                        default -> {
                        }
                    }
                }
            }
        }
        String baseName = baseName(job.name(), context);
        List<MatrixLeg> legs;
        if (matrix == null) {
            legs = List.of(new MatrixLeg(baseName, new ObjectValue(Map.of())));
        } else {
            List<ObjectValue> combinations = expandMatrix(job.id(), matrix);
            legs = new ArrayList<>(combinations.size());
            for (ObjectValue combination : combinations) {
                legs.add(new MatrixLeg(legName(job.name(), baseName, combination, context), combination));
            }
        }
        return new JobPlan(job.id(), job.needs(), legs, failFast, maxParallel);
    }

    /**
     * Expands an evaluated matrix as GitHub does: the cross product of the vectors (the first key
     * varies slowest), minus the combinations that match an {@code exclude} entry (all of its keys
     * equal), then each {@code include} entry is added to every combination whose original values
     * it does not contradict (without overwriting them), or appended as a combination of its own
     * when it fits none.
     *
     * @param jobId names the job in GitHub's message for too many combinations
     * @throws PlanException when a vector is empty or not a list, or over
     *     {@value #MAXIMUM_MATRIX_JOBS} combinations result
     */
    public static List<ObjectValue> expandMatrix(String jobId, ObjectValue matrix) {
        List<ExpressionValue> includes = List.of();
        List<ExpressionValue> excludes = List.of();
        Map<String, List<ExpressionValue>> vectors = new LinkedHashMap<>();
        for (Map.Entry<String, ExpressionValue> entry : matrix.properties().entrySet()) {
            String key = entry.getKey();
            ExpressionValue value = entry.getValue();
            if (key.equalsIgnoreCase("include") || key.equalsIgnoreCase("exclude")) {
                List<ExpressionValue> list = value instanceof ArrayValue array ? array.items() : List.of();
                if (key.equalsIgnoreCase("include")) {
                    includes = list;
                } else {
                    excludes = list;
                }
                continue;
            }
            if (!(value instanceof ArrayValue array)) {
                throw new PlanException("Matrix vector '" + key + "' does not contain any values");
            }
            if (array.items().isEmpty()) {
                throw new PlanException("Matrix vector '" + key + "' does not contain any values");
            }
            vectors.put(key, array.items());
        }

        List<Map<String, ExpressionValue>> combinations = new ArrayList<>();
        if (!vectors.isEmpty()) {
            BigInteger product = BigInteger.ONE;
            for (List<ExpressionValue> vector : vectors.values()) {
                product = product.multiply(BigInteger.valueOf(vector.size()));
            }
            if (product.compareTo(BigInteger.valueOf(1_000_000L)) > 0) {
                // Excludes could in theory bring it back under the limit, but not from this far.
                throw tooMany(jobId, product.toString());
            }
            combinations.add(new LinkedHashMap<>());
            for (Map.Entry<String, List<ExpressionValue>> vector : vectors.entrySet()) {
                List<Map<String, ExpressionValue>> next = new ArrayList<>(combinations.size() * vector.getValue().size());
                for (Map<String, ExpressionValue> combination : combinations) {
                    for (ExpressionValue value : vector.getValue()) {
                        Map<String, ExpressionValue> extended = new LinkedHashMap<>(combination);
                        extended.put(vector.getKey(), value);
                        next.add(extended);
                    }
                }
                combinations = next;
            }
            for (ExpressionValue exclude : excludes) {
                if (exclude instanceof ObjectValue filter) {
                    combinations.removeIf(combination -> matches(combination, filter.properties(), filter.properties().keySet()));
                }
            }
        }

        int originals = combinations.size();
        List<Map<String, ExpressionValue>> added = new ArrayList<>();
        for (ExpressionValue include : includes) {
            if (!(include instanceof ObjectValue entry)) {
                continue;
            }
            boolean fitted = false;
            for (int i = 0; i < originals; i++) {
                Map<String, ExpressionValue> combination = combinations.get(i);
                if (matches(combination, entry.properties(), vectors.keySet())) {
                    for (Map.Entry<String, ExpressionValue> property : entry.properties().entrySet()) {
                        if (!vectors.containsKey(property.getKey())) {
                            combination.put(property.getKey(), property.getValue());
                        }
                    }
                    fitted = true;
                }
            }
            if (!fitted) {
                added.add(new LinkedHashMap<>(entry.properties()));
            }
        }
        combinations.addAll(added);
        if (combinations.size() > MAXIMUM_MATRIX_JOBS) {
            throw tooMany(jobId, String.valueOf(combinations.size()));
        }
        List<ObjectValue> result = new ArrayList<>(combinations.size());
        for (Map<String, ExpressionValue> combination : combinations) {
            result.add(new ObjectValue(combination));
        }
        return result;
    }

    /**
     * The jobs of {@code workflow} in stages: every job of a stage needs only jobs of earlier
     * stages. The parser has rejected cycles and unknown jobs.
     */
    public static List<List<String>> stages(Workflow workflow) {
        Map<String, WorkflowJob> byId = new HashMap<>();
        for (WorkflowJob job : workflow.jobs()) {
            byId.put(job.id().toLowerCase(Locale.ROOT), job);
        }
        List<List<String>> stages = new ArrayList<>();
        Set<String> done = new LinkedHashSet<>();
        while (done.size() < workflow.jobs().size()) {
            List<String> stage = new ArrayList<>();
            for (WorkflowJob job : workflow.jobs()) {
                String id = job.id().toLowerCase(Locale.ROOT);
                if (!done.contains(id) && job.needs().stream()
                        .allMatch(need -> done.contains(need.toLowerCase(Locale.ROOT)) || !byId.containsKey(need.toLowerCase(Locale.ROOT)))) {
                    stage.add(job.id());
                }
            }
            if (stage.isEmpty()) {
                throw new PlanException("The workflow's needs form a cycle");
            }
            stage.forEach(id -> done.add(id.toLowerCase(Locale.ROOT)));
            stages.add(List.copyOf(stage));
        }
        return List.copyOf(stages);
    }

    /** Whether the combination has every value of {@code filter} under {@code keys}. */
    private static boolean matches(Map<String, ExpressionValue> combination, Map<String, ExpressionValue> filter,
                                   Set<String> keys) {
        for (Map.Entry<String, ExpressionValue> property : filter.entrySet()) {
            if (!keys.contains(property.getKey())) {
                continue;
            }
            ExpressionValue value = combination.get(property.getKey());
            if (value == null || !value.equals(property.getValue())) {
                return false;
            }
        }
        return true;
    }

    private static PlanException tooMany(String jobId, String count) {
        return new PlanException("Strategy for job '" + jobId + "' produced " + count + " configurations which exceeds the maximum of "
                + MAXIMUM_MATRIX_JOBS + " configurations");
    }

    private static String baseName(TemplateToken name, EvaluationContext context) {
        if (name instanceof TemplateToken.StringToken string) {
            return string.value();
        }
        return ExpressionValue.toText(TokenEvaluator.evaluate(name, context));
    }

    /**
     * A leg's name: a name with expressions is evaluated with the leg's matrix; a literal name
     * (or the id) gets the leg's values appended, {@code build (ubuntu, 18)}, as GitHub shows it.
     */
    private static String legName(TemplateToken name, String baseName, ObjectValue combination, EvaluationContext context) {
        if (name.isExpression()) {
            Map<String, ExpressionValue> contexts = new LinkedHashMap<>(context.namedValues());
            contexts.put("matrix", combination);
            return ExpressionValue.toText(TokenEvaluator.evaluate(name, new EvaluationContext(contexts, context.functions())));
        }
        if (combination.properties().isEmpty()) {
            return baseName;
        }
        List<String> values = new ArrayList<>();
        for (ExpressionValue value : combination.properties().values()) {
            values.add(value instanceof ObjectValue || value instanceof ArrayValue
                    ? ExpressionValue.toJson(value).toString()
                    : ExpressionValue.toText(value));
        }
        return baseName + " (" + String.join(", ", values) + ")";
    }
}
