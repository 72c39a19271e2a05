package dev.gantry.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The answer to {@code PUT /jobs/{job_id}/logs?step=K&offset=N}: how many bytes of that step's
 * log the server now holds. A chunk starting before that size overlaps what the server has
 * (a resend) and only its new tail is kept; one starting after it is a 409 with this body, so
 * the runner knows where the server stands.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LogAppendResponse(@JsonProperty("size") long size) {
}
