package dev.gantry.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code POST /acquire}: asks for a job. The server holds the request until a job matching the
 * runner's labels is queued or {@code wait_seconds} (capped at
 * {@link ProtocolVersion#MAXIMUM_ACQUIRE_WAIT_SECONDS}) pass, then answers 200 with a
 * {@link JobMessage} or 204 with no body.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AcquireRequest(
        @JsonProperty("wait_seconds") Integer waitSeconds,
        @JsonProperty("runner_version") String runnerVersion) {
}
