package dev.gantry.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * The answer to {@code POST /jobs/{job_id}/heartbeat}: the renewed lease, and whether the job was
 * cancelled. The server answers a held heartbeat at once when a cancel arrives.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record HeartbeatResponse(
        @JsonProperty("cancel_requested") boolean cancelRequested,
        @JsonProperty("lease_expires_at") String leaseExpiresAt) {
    public HeartbeatResponse {
        Objects.requireNonNull(leaseExpiresAt, "lease_expires_at");
    }
}
