package dev.gantry.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class TestOpenApiSchemaTranslator {
    private final ObjectMapper mapper = new ObjectMapper();
    private final OpenApiSchemaTranslator translator = new OpenApiSchemaTranslator("doc.json#/$defs/");

    private JsonNode translate(String openApiSchema) throws Exception {
        return translator.translate(mapper.readTree(openApiSchema.replace('\'', '"')));
    }

    @Test
    void nullableTypeBecomesATypeList() throws Exception {
        assertThat(translate("{'type': 'string', 'nullable': true, 'format': 'date-time'}"))
                .isEqualTo(mapper.readTree("{\"type\": [\"string\", \"null\"], \"format\": \"date-time\"}"));
    }

    @Test
    void nullableEnumAlsoListsNull() throws Exception {
        assertThat(translate("{'type': 'string', 'nullable': true, 'enum': ['a', 'b']}").get("enum"))
                .isEqualTo(mapper.readTree("[\"a\", \"b\", null]"));
    }

    @Test
    void nullableWithoutATypeIsWrappedInAnyOf() throws Exception {
        assertThat(translate("{'nullable': true, 'allOf': [{'$ref': '#/components/schemas/user'}]}"))
                .isEqualTo(mapper.readTree("{\"anyOf\": [{\"type\": \"null\"}, {\"allOf\": [{\"$ref\": \"doc.json#/$defs/user\"}]}]}"));
    }

    @Test
    void rewritesOnlySchemaPositionsSoPropertiesKeepTheirNames() throws Exception {
        JsonNode translated = translate("{'type': 'object', 'properties': {'nullable': {'type': 'boolean'},"
                + " 'format': {'type': 'string', 'nullable': true, 'example': 'x'}}, 'example': {'nullable': true}}");

        assertThat(translated).isEqualTo(mapper.readTree("{\"type\": \"object\", \"properties\": {\"nullable\": {\"type\": \"boolean\"},"
                + " \"format\": {\"type\": [\"string\", \"null\"]}}}"));
    }

    @Test
    void keepsOnlyTheFormatsItAssertsOn() throws Exception {
        assertThat(translate("{'type': 'string', 'format': 'uri-template'}")).isEqualTo(mapper.readTree("{\"type\": \"string\"}"));
        assertThat(translate("{'type': 'string', 'format': 'uri'}").get("format").asText()).isEqualTo("uri");
    }

    @Test
    void translatesDraftFourExclusiveBounds() throws Exception {
        assertThat(translate("{'type': 'integer', 'minimum': 0, 'exclusiveMinimum': true}"))
                .isEqualTo(mapper.readTree("{\"type\": \"integer\", \"exclusiveMinimum\": 0}"));
    }

    @Test
    void refusesReferencesOutsideTheComponentSchemas() {
        assertThatThrownBy(() -> translate("{'$ref': 'other.json#/x'}")).isInstanceOf(IllegalArgumentException.class);
    }
}
