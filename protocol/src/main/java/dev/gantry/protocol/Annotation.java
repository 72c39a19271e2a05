package dev.gantry.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * An {@code ::error}, {@code ::warning} or {@code ::notice} a step printed (or a failure the
 * runner reports, such as a timeout), for the check run's annotations. The message is masked.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Annotation(
        @JsonProperty("level") Level level,
        @JsonProperty("message") String message,
        @JsonProperty("title") String title,
        @JsonProperty("file") String file,
        @JsonProperty("line") Integer line,
        @JsonProperty("end_line") Integer endLine,
        @JsonProperty("column") Integer column,
        @JsonProperty("end_column") Integer endColumn) {

    /** GitHub's annotation levels; {@code failure} is what {@code ::error} produces. */
    public enum Level {
        @JsonProperty("notice") NOTICE,
        @JsonProperty("warning") WARNING,
        @JsonProperty("failure") FAILURE
    }

    public Annotation {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(message, "message");
    }
}
