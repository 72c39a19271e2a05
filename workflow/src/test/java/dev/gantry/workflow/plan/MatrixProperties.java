package dev.gantry.workflow.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.workflow.expression.ExpressionValue;
import dev.gantry.workflow.expression.ExpressionValue.ObjectValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of matrix expansion over random small matrices: the leg count is the product of the
 * vectors minus the excluded combinations plus the includes that fit none; excludes apply before
 * includes; expansion is deterministic and leg names are stable and show the leg's values; every
 * leg keeps its original values.
 */
class MatrixProperties {
    /** A matrix of up to three vectors over small values, with random includes and excludes. */
    record Case(Map<String, List<Integer>> vectors, List<Map<String, Integer>> excludes, List<Map<String, Integer>> includes) {
        ObjectValue matrix() {
            Map<String, ExpressionValue> properties = new LinkedHashMap<>();
            vectors.forEach((key, values) -> properties.put(key,
                    new ExpressionValue.ArrayValue(values.stream().map(v -> (ExpressionValue) ExpressionValue.of(v)).toList())));
            if (!excludes.isEmpty()) {
                properties.put("exclude", objects(excludes));
            }
            if (!includes.isEmpty()) {
                properties.put("include", objects(includes));
            }
            return new ObjectValue(properties);
        }

        private static ExpressionValue objects(List<Map<String, Integer>> entries) {
            List<ExpressionValue> items = new ArrayList<>();
            for (Map<String, Integer> entry : entries) {
                Map<String, ExpressionValue> properties = new LinkedHashMap<>();
                entry.forEach((key, value) -> properties.put(key, ExpressionValue.of(value)));
                items.add(new ObjectValue(properties));
            }
            return new ExpressionValue.ArrayValue(items);
        }

        /** The cross product, first key slowest, as plain maps. */
        List<Map<String, Integer>> product() {
            List<Map<String, Integer>> result = new ArrayList<>();
            result.add(new LinkedHashMap<>());
            for (Map.Entry<String, List<Integer>> vector : vectors.entrySet()) {
                List<Map<String, Integer>> next = new ArrayList<>();
                for (Map<String, Integer> combination : result) {
                    for (Integer value : vector.getValue()) {
                        Map<String, Integer> extended = new LinkedHashMap<>(combination);
                        extended.put(vector.getKey(), value);
                        next.add(extended);
                    }
                }
                result = next;
            }
            return result;
        }

        static boolean contains(Map<String, Integer> combination, Map<String, Integer> filter) {
            return filter.entrySet().stream().allMatch(entry -> entry.getValue().equals(combination.get(entry.getKey())));
        }
    }

    @Provide
    Arbitrary<Case> matrices() {
        List<String> keys = List.of("os", "node", "arch");
        Arbitrary<Map<String, List<Integer>>> vectors = Arbitraries.integers().between(1, 3).flatMap(count -> {
            List<Arbitrary<List<Integer>>> lists = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                lists.add(Arbitraries.integers().between(0, 3).list().ofMinSize(1).ofMaxSize(3).uniqueElements());
            }
            return Combinators.combine(lists).as(values -> {
                Map<String, List<Integer>> map = new LinkedHashMap<>();
                for (int i = 0; i < values.size(); i++) {
                    map.put(keys.get(i), values.get(i));
                }
                return map;
            });
        });
        Arbitrary<Map<String, Integer>> entry = Arbitraries.maps(Arbitraries.of("os", "node", "arch", "extra"), Arbitraries.integers().between(0, 3))
                .ofMinSize(1).ofMaxSize(3);
        return Combinators.combine(vectors, entry.list().ofMaxSize(3), entry.list().ofMaxSize(3)).as(Case::new);
    }

    @Property(tries = 500)
    void legCountIsProductMinusExcludedPlusUnmatchedIncludes(@ForAll("matrices") Case matrix) {
        List<Map<String, Integer>> kept = matrix.product().stream()
                .filter(combination -> matrix.excludes().stream().noneMatch(exclude -> Case.contains(combination, exclude)))
                .toList();
        long unmatchedIncludes = matrix.includes().stream()
                .filter(include -> kept.stream().noneMatch(combination -> Case.contains(combination, onlyVectorKeys(include, matrix))))
                .count();

        assertThat(Planner.expandMatrix("job", matrix.matrix())).hasSize(kept.size() + (int) unmatchedIncludes);
    }

    @Property(tries = 500)
    void excludesApplyBeforeIncludesAndOriginalValuesSurvive(@ForAll("matrices") Case matrix) {
        List<ObjectValue> legs = Planner.expandMatrix("job", matrix.matrix());
        List<Map<String, Integer>> kept = matrix.product().stream()
                .filter(combination -> matrix.excludes().stream().noneMatch(exclude -> Case.contains(combination, exclude)))
                .toList();
        // The first legs are the kept combinations, in order, with their original values untouched.
        for (int i = 0; i < kept.size(); i++) {
            Map<String, ExpressionValue> leg = legs.get(i).properties();
            kept.get(i).forEach((key, value) -> assertThat(leg.get(key)).isEqualTo(ExpressionValue.of(value)));
        }
        // An include re-adding an excluded combination brings it back as a leg of its own.
        for (ObjectValue added : legs.subList(kept.size(), legs.size())) {
            assertThat(matrix.includes()).anySatisfy(include -> assertThat(added.properties()).hasSize(include.size()));
        }
    }

    @Property(tries = 200)
    void expansionIsDeterministic(@ForAll("matrices") Case matrix) {
        assertThat(Planner.expandMatrix("job", matrix.matrix())).isEqualTo(Planner.expandMatrix("job", matrix.matrix()));
    }

    @Property(tries = 200)
    void legNamesAreStableAndShowTheLegsValues(@ForAll("matrices") Case matrix) {
        StringBuilder yaml = new StringBuilder("on: push\njobs:\n  build:\n    runs-on: x\n    strategy:\n      matrix:\n");
        matrix.vectors().forEach((key, values) -> yaml.append("        ").append(key).append(": ").append(values).append('\n'));
        if (!matrix.excludes().isEmpty()) {
            yaml.append("        exclude: ").append(flow(matrix.excludes())).append('\n');
        }
        if (!matrix.includes().isEmpty()) {
            yaml.append("        include: ").append(flow(matrix.includes())).append('\n');
        }
        yaml.append("    steps:\n      - run: echo\n");
        var job = dev.gantry.workflow.WorkflowParser.parse("ci.yml", yaml.toString()).workflow().orElseThrow().jobs().getFirst();
        var context = dev.gantry.workflow.expression.EvaluationContext.of(Map.of());

        List<MatrixLeg> legs = Planner.plan(job, context).legs();

        assertThat(Planner.plan(job, context).legs()).isEqualTo(legs);
        for (MatrixLeg leg : legs) {
            List<String> values = leg.values().values().stream().map(ExpressionValue::toText).toList();
            assertThat(leg.displayName()).isEqualTo("build (" + String.join(", ", values) + ")");
        }
    }

    private static String flow(List<Map<String, Integer>> entries) {
        return entries.stream()
                .map(entry -> entry.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                        .collect(java.util.stream.Collectors.joining(", ", "{", "}")))
                .collect(java.util.stream.Collectors.joining(", ", "[", "]"));
    }

    private static Map<String, Integer> onlyVectorKeys(Map<String, Integer> include, Case matrix) {
        Map<String, Integer> result = new LinkedHashMap<>();
        include.forEach((key, value) -> {
            if (matrix.vectors().containsKey(key)) {
                result.put(key, value);
            }
        });
        return result;
    }
}
