package dev.gantry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.testing.TestingGitHubClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The outbox is in the database: a delivery waiting for its retry when the server stops is sent
 * by the server that starts next, and its attempts from both lives are listed.
 */
class TestWebhooksSurviveRestart {
    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void aDeliveryWaitingForItsRetryIsSentAfterARestart(String database) throws Exception {
        try (TestingGantry gantry = database.equals("sqlite") ? TestingGantry.onSqlite() : TestingGantry.onPostgres();
             TestingHookReceiver receiver = new TestingHookReceiver()) {
            TestingGitHubClient mona = new ApiFixtures(gantry).user("mona", "repo");
            mona.post("/user/repos", "{\"name\":\"app\"}").requireStatus(201);
            long id = mona.post("/repos/mona/app/hooks", Map.of("events", List.of("workflow_job"),
                    "config", Map.of("url", receiver.url(), "content_type", "json", "secret", "kept-sealed"))).requireStatus(201)
                    .json().get("id").asLong();
            receiver.answerNext(503);
            mona.post("/repos/mona/app/hooks/" + id + "/pings").requireStatus(204);
            String guid = receiver.await(all -> !all.isEmpty(), Duration.ofSeconds(20)).getFirst().header("X-GitHub-Delivery");

            // Restart once the failure is recorded (a stop in mid-send gives the delivery back untried instead).
            for (int tries = 0; tries < 100 && mona.get("/repos/mona/app/hooks/" + id + "/deliveries").json().isEmpty(); tries++) {
                Thread.sleep(100);
            }
            gantry.restart();

            TestingHookReceiver.Received retried = receiver.await(all -> all.size() >= 2, Duration.ofSeconds(30)).get(1);
            assertThat(retried.header("X-GitHub-Delivery")).isEqualTo(guid);
            assertThat(retried.answered()).isEqualTo(200);
            assertThat(retried.signedWith("kept-sealed")).as("the secret survives the restart, sealed").isTrue();
            JsonNode attempts = mona.withBaseUrl(gantry.baseUrl()).get("/repos/mona/app/hooks/" + id + "/deliveries").requireStatus(200).json();
            assertThat(attempts).extracting(attempt -> attempt.get("status_code").asInt()).containsExactly(200, 503);
        }
    }
}
