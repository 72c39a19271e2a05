package dev.gantry.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * {@code POST /jobs/{job_id}/complete}: the job is over. Idempotent: a resend with the same
 * conclusion is answered as the first was. Sent after every log chunk and step update.
 *
 * @param outputs the job's outputs, evaluated and masked values (GitHub drops outputs holding a
 *     secret; the runner drops them too)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record JobCompletion(
        @JsonProperty("conclusion") Conclusion conclusion,
        @JsonProperty("outputs") Map<String, String> outputs,
        @JsonProperty("completed_at") String completedAt) {
    public JobCompletion {
        Objects.requireNonNull(conclusion, "conclusion");
        Objects.requireNonNull(completedAt, "completed_at");
        outputs = outputs == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
    }
}
