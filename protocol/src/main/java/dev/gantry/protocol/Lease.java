package dev.gantry.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * The runner's claim on a job. It lasts until {@code expires_at} and each heartbeat renews it;
 * when it lapses the server fails the job, as GitHub fails a job whose runner vanished.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Lease(
        @JsonProperty("expires_at") String expiresAt,
        @JsonProperty("heartbeat_interval_seconds") int heartbeatIntervalSeconds) {
    public Lease {
        Objects.requireNonNull(expiresAt, "expires_at");
    }
}
