package dev.gantry.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;

/**
 * {@code POST /register}: exchanges a registration token (from GitHub's
 * {@code POST /repos/{owner}/{repo}/actions/runners/registration-token}) for a runner credential.
 * The only request not authenticated by a runner credential.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RegisterRequest(
        @JsonProperty("registration_token") String registrationToken,
        @JsonProperty("name") String name,
        @JsonProperty("labels") List<String> labels,
        @JsonProperty("os") String os,
        @JsonProperty("arch") String arch,
        @JsonProperty("version") String version,
        @JsonProperty("ephemeral") boolean ephemeral) {
    public RegisterRequest {
        Objects.requireNonNull(registrationToken, "registration_token");
        Objects.requireNonNull(name, "name");
        labels = labels == null ? List.of() : List.copyOf(labels);
    }

    /** Keeps the registration token out of logs and exception messages. */
    @Override
    public String toString() {
        return "RegisterRequest[name=" + name + ", labels=" + labels + ", os=" + os + ", arch=" + arch
                + ", version=" + version + ", ephemeral=" + ephemeral + "]";
    }
}
