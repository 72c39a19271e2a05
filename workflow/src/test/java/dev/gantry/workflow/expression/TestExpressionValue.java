package dev.gantry.workflow.expression;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestExpressionValue {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void convertsFromAndToJackson() throws Exception {
        JsonNode json = JSON.readTree("{\"b\": [1, 2.5, true, null, \"x\"], \"a\": {\"n\": -3}}");

        ExpressionValue value = ExpressionValue.fromJson(json);

        assertThat(value).isInstanceOf(ExpressionValue.ObjectValue.class);
        ExpressionValue.ObjectValue object = (ExpressionValue.ObjectValue) value;
        assertThat(object.properties().keySet()).containsExactly("b", "a");
        assertThat(object.get("b")).isEqualTo(new ExpressionValue.ArrayValue(List.of(
                ExpressionValue.of(1), ExpressionValue.of(2.5), ExpressionValue.TRUE, ExpressionValue.NULL, ExpressionValue.of("x"))));
        assertThat(ExpressionValue.toJson(value)).isEqualTo(JSON.readTree("{\"b\": [1.0, 2.5, true, null, \"x\"], \"a\": {\"n\": -3.0}}"));
    }

    @Test
    void numbersWithoutJsonFormBecomeNull() {
        assertThat(ExpressionValue.toJson(ExpressionValue.of(Double.NaN)).isNull()).isTrue();
        assertThat(ExpressionValue.toJson(ExpressionValue.of(Double.NEGATIVE_INFINITY)).isNull()).isTrue();
    }

    @Test
    void objectsLookUpKeysIgnoringCaseAndKeepTheFirstOfTwoSpellings() {
        Map<String, ExpressionValue> properties = new LinkedHashMap<>();
        properties.put("Event_Name", ExpressionValue.of("push"));
        properties.put("EVENT_NAME", ExpressionValue.of("ignored"));
        properties.put("ref", ExpressionValue.of("main"));

        ExpressionValue.ObjectValue object = new ExpressionValue.ObjectValue(properties);

        assertThat(object.get("event_name")).isEqualTo(ExpressionValue.of("push"));
        assertThat(object.properties().get("REF")).isEqualTo(ExpressionValue.of("main"));
        assertThat(object.properties().keySet()).containsExactly("Event_Name", "ref");
        assertThat(object.get("missing")).isNull();
    }

    @Test
    void valuesAreImmutable() {
        ExpressionValue.ArrayValue array = new ExpressionValue.ArrayValue(List.of(ExpressionValue.NULL));
        assertThatThrownBy(() -> array.items().add(ExpressionValue.TRUE)).isInstanceOf(UnsupportedOperationException.class);
        ExpressionValue.ObjectValue object = new ExpressionValue.ObjectValue(Map.of("a", ExpressionValue.TRUE));
        assertThatThrownBy(() -> object.properties().put("b", ExpressionValue.TRUE)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void kindsUseGithubsNames() {
        assertThat(ExpressionValue.of("x").kind().displayName()).isEqualTo("String");
        assertThat(new ExpressionValue.ObjectValue(Map.of()).kind().displayName()).isEqualTo("Object");
    }
}
