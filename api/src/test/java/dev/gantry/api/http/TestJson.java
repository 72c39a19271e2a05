package dev.gantry.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestJson {
    @RepeatedInAnswers
    record Person(String login, String name, Instant createdAt, Map<String, Object> extra) {}

    @RepeatedInAnswers
    record Place(String fullName, Person owner, List<String> tags) {}

    record Visit(long id, Place from, Place to, Person who, Person whoElse) {}

    private final ObjectMapper json = Json.newMapper();

    /** Written through a tree, nothing is copied: the reference bytes. */
    private String plain(Object value) throws Exception {
        return json.writeValueAsString(json.valueToTree(value));
    }

    @Test
    void repeatedObjectsAreWrittenAsTheSameBytes() throws Exception {
        Person ada = new Person("ada", "Ada \"L\" \u00e9\u2603", Instant.parse("2026-01-02T03:04:05.678Z"), Map.of("site_admin", false));
        Person bob = new Person("bob", null, Instant.parse("2026-01-02T03:04:05Z"), Map.of());
        Place place = new Place("ada/r\u00e9po", ada, List.of("a", "b"));
        List<Visit> page = List.of(new Visit(1, place, place, ada, ada), new Visit(2, place, new Place("bob/x", bob, List.of()), bob, ada),
                new Visit(3, null, place, bob, bob));

        String written = new String(json.writeValueAsBytes(Map.of("visits", page)), StandardCharsets.UTF_8);

        assertThat(written).isEqualTo(plain(Map.of("visits", page)));
        assertThat(json.writeValueAsString(page)).isEqualTo(plain(page));
        assertThat(written).contains("\"created_at\":\"2026-01-02T03:04:05Z\"", "\"full_name\":\"ada/r\u00e9po\"");
    }

    @Test
    void treesHoldRealNodes() {
        Person ada = new Person("ada", "Ada", Instant.EPOCH, Map.of());
        JsonNode tree = json.valueToTree(new Place("ada/x", ada, List.of()));
        assertThat(tree.get("owner").get("login").asText()).isEqualTo("ada");
        assertThat(tree.get("owner").isObject()).isTrue();
    }

    @Test
    void nothingIsSharedBetweenAnswers() throws Exception {
        Person ada = new Person("ada", "Ada", Instant.EPOCH, Map.of());
        String first = json.writeValueAsString(new Place("ada/x", ada, List.of()));
        Person renamed = new Person("ada", "Ada Lovelace", Instant.EPOCH, Map.of());
        String second = json.writeValueAsString(new Place("ada/x", renamed, List.of()));
        assertThat(first).contains("\"name\":\"Ada\"");
        assertThat(second).contains("\"name\":\"Ada Lovelace\"");
    }
}
