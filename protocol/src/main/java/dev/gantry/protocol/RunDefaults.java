package dev.gantry.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code defaults.run}, job over workflow: the shell and working directory of {@code run} steps; either may be null. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunDefaults(
        @JsonProperty("shell") String shell,
        @JsonProperty("working_directory") String workingDirectory) {
    public static final RunDefaults NONE = new RunDefaults(null, null);
}
