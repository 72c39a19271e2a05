package dev.gantry.workflow.expression;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * GitHub's own expression cases: {@code conformance/expressions/*.json} (from
 * actions/languageservices, including the cases its TypeScript port skips) and 2,000 random
 * expressions evaluated by {@code @actions/expressions}. The named-values allowed are the keys of
 * each case's contexts, and no function beyond the built-ins, as in GitHub's test runner. Error
 * messages are compared by containment, as GitHub's runner does (its expected messages are
 * sometimes only a prefix).
 */
class TestExpressionConformance {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestFactory
    Stream<DynamicNode> githubCases() throws IOException, URISyntaxException {
        Path directory = Path.of(TestExpressionConformance.class.getResource("/conformance/expressions").toURI());
        List<Path> files;
        try (Stream<Path> listing = Files.list(directory)) {
            files = listing.filter(path -> path.toString().endsWith(".json")).sorted().toList();
        }
        List<DynamicNode> containers = new ArrayList<>();
        for (Path file : files) {
            JsonNode root = JSON.readTree(file.toFile());
            List<DynamicNode> tests = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> groups = root.fields(); groups.hasNext(); ) {
                Map.Entry<String, JsonNode> group = groups.next();
                int number = 0;
                for (JsonNode testCase : group.getValue()) {
                    String name = group.getKey() + " #" + (++number) + ": " + testCase.get("expr").asText();
                    tests.add(DynamicTest.dynamicTest(name, () -> runGithubCase(testCase)));
                }
            }
            containers.add(DynamicContainer.dynamicContainer(file.getFileName().toString(), tests));
        }
        return containers.stream();
    }

    @TestFactory
    Stream<DynamicTest> randomCases() throws IOException {
        JsonNode root;
        try (InputStream input = TestExpressionConformance.class.getResourceAsStream("/conformance/expressions-random.json")) {
            root = JSON.readTree(input);
        }
        JsonNode contexts = root.get("contexts");
        List<DynamicTest> tests = new ArrayList<>();
        int number = 0;
        for (JsonNode testCase : root.get("cases")) {
            String name = "#" + (++number) + ": " + testCase.get("expr").asText();
            tests.add(DynamicTest.dynamicTest(name, () -> runRandomCase(testCase, contexts)));
        }
        return tests.stream();
    }

    private static void runGithubCase(JsonNode testCase) {
        String text = testCase.get("expr").asText();
        EvaluationContext context = EvaluationContext.fromJson(testCase.get("contexts"), ExpressionFunctions.NONE);
        ExpressionScope scope = new ExpressionScope(context.namedValues().keySet(), List.of());
        JsonNode expectedError = testCase.get("err");
        ExpressionValue value;
        try {
            value = Expression.parse(text, scope).evaluate(context);
        } catch (ExpressionException e) {
            if (expectedError == null) {
                throw e;
            }
            assertThat(e.stage().name().toLowerCase()).as("stage").isEqualTo(expectedError.get("kind").asText());
            assertThat(e.getMessage()).contains(expectedError.get("value").asText());
            return;
        }
        if (expectedError != null) {
            fail("expected %s error \"%s\" but got %s", expectedError.get("kind").asText(), expectedError.get("value").asText(),
                    JsonText.toJson(value));
        }
        JsonNode expected = testCase.get("result");
        assertThat(value.kind().displayName()).as("kind").isEqualTo(expected.get("kind").asText());
        assertSameValue(value, expected.get("value"));
    }

    private static void runRandomCase(JsonNode testCase, JsonNode contexts) {
        String text = testCase.get("expr").asText();
        EvaluationContext context = EvaluationContext.fromJson(contexts, ExpressionFunctions.NONE);
        ExpressionScope scope = new ExpressionScope(context.namedValues().keySet(), List.of());
        boolean expectError = testCase.path("error").asBoolean(false);
        ExpressionValue value;
        try {
            value = Expression.parse(text, scope).evaluate(context);
        } catch (ExpressionException e) {
            if (!expectError) {
                throw e;
            }
            return;
        }
        if (expectError) {
            fail("expected an error but got %s", JsonText.toJson(value));
        }
        assertSameValue(value, testCase.get("result"));
    }

    /** Structural comparison; numbers by value (so 123 is 123.0). */
    static void assertSameValue(ExpressionValue actual, JsonNode expected) {
        assertThat(describe(actual)).isEqualTo(describe(expected));
    }

    private static String describe(ExpressionValue value) {
        return switch (value) {
            case ExpressionValue.NullValue ignored -> "null";
            case ExpressionValue.BooleanValue b -> Boolean.toString(b.value());
            case ExpressionValue.NumberValue n -> describeNumber(n.value());
            case ExpressionValue.StringValue s -> JSON.getNodeFactory().textNode(s.value()).toString();
            case ExpressionValue.ArrayValue a -> {
                StringBuilder out = new StringBuilder("[");
                for (ExpressionValue item : a.items()) {
                    out.append(out.length() > 1 ? "," : "").append(describe(item));
                }
                yield out.append(']').toString();
            }
            case ExpressionValue.ObjectValue o -> {
                StringBuilder out = new StringBuilder("{");
                o.properties().forEach((key, item) -> out.append(out.length() > 1 ? "," : "")
                        .append(JSON.getNodeFactory().textNode(key)).append(':').append(describe(item)));
                yield out.append('}').toString();
            }
        };
    }

    private static String describe(JsonNode node) {
        if (node.isNumber()) {
            return describeNumber(node.doubleValue());
        }
        if (node.isArray()) {
            StringBuilder out = new StringBuilder("[");
            for (JsonNode item : node) {
                out.append(out.length() > 1 ? "," : "").append(describe(item));
            }
            return out.append(']').toString();
        }
        if (node.isObject()) {
            StringBuilder out = new StringBuilder("{");
            node.fields().forEachRemaining(field -> out.append(out.length() > 1 ? "," : "")
                    .append(JSON.getNodeFactory().textNode(field.getKey())).append(':').append(describe(field.getValue())));
            return out.append('}').toString();
        }
        return node.toString();
    }

    /** The random cases spell NaN and the infinities as strings, since JSON has no numbers for them. */
    private static String describeNumber(double value) {
        if (!Double.isFinite(value)) {
            return "\"" + JavaScriptNumbers.toString(value) + "\"";
        }
        return value == 0 ? "0" : JavaScriptNumbers.toString(value);
    }
}
