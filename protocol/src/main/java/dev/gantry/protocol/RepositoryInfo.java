package dev.gantry.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/** The repository a job runs for: {@code owner/name} and the git URL the runner clones from. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RepositoryInfo(
        @JsonProperty("full_name") String fullName,
        @JsonProperty("clone_url") String cloneUrl) {
    public RepositoryInfo {
        Objects.requireNonNull(fullName, "full_name");
        Objects.requireNonNull(cloneUrl, "clone_url");
    }
}
