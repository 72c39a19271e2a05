package dev.gantry.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;

/**
 * {@code POST /jobs/{job_id}/steps/{number}}: a step's state. Sent when the step starts and when
 * it completes; the server keeps the latest, so a resend changes nothing. Step numbers are those
 * of the {@link JobMessage}'s steps; {@code 0} is "Set up job"; the runner numbers the post steps
 * of actions (e.g. {@code Post Run actions/checkout@v4}) after the last step, in the order they
 * run, and the final "Complete job" after those.
 *
 * @param name the step's display name, evaluated by the runner
 * @param conclusion null until completed
 * @param summary the step's {@code GITHUB_STEP_SUMMARY} Markdown (masked), or null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StepUpdate(
        @JsonProperty("name") String name,
        @JsonProperty("status") StepStatus status,
        @JsonProperty("conclusion") Conclusion conclusion,
        @JsonProperty("started_at") String startedAt,
        @JsonProperty("completed_at") String completedAt,
        @JsonProperty("annotations") List<Annotation> annotations,
        @JsonProperty("summary") String summary) {
    public StepUpdate {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        annotations = annotations == null ? List.of() : List.copyOf(annotations);
        if ((status == StepStatus.COMPLETED) != (conclusion != null)) {
            throw new IllegalArgumentException("a conclusion comes with, and only with, status completed");
        }
    }
}
