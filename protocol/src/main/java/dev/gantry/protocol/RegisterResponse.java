package dev.gantry.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;

/**
 * The answer to {@code POST /register}: the runner's id as the REST API shows it, the labels the
 * server assigned (the default {@code self-hosted}, OS and architecture labels included), and the
 * credential for {@code Authorization: Bearer} on every later request.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RegisterResponse(
        @JsonProperty("runner_id") long runnerId,
        @JsonProperty("name") String name,
        @JsonProperty("labels") List<String> labels,
        @JsonProperty("credential") String credential) {
    public RegisterResponse {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(credential, "credential");
        labels = labels == null ? List.of() : List.copyOf(labels);
    }

    @Override
    public String toString() {
        return "RegisterResponse[runner_id=" + runnerId + ", name=" + name + ", labels=" + labels + "]";
    }
}
