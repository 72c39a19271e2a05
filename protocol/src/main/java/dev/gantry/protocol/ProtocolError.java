package dev.gantry.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * The body of every 4xx and 5xx answer. {@code code} is stable and machine-readable:
 * {@code unauthorized} (bad credential), {@code invalid_registration_token}, {@code not_found},
 * {@code lease_lost} (the job is no longer this runner's: stop it), {@code log_gap},
 * {@code invalid_request}, {@code unsupported_version}, {@code internal}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ProtocolError(
        @JsonProperty("code") String code,
        @JsonProperty("message") String message) {
    public ProtocolError {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }
}
