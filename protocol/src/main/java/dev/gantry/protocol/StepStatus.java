package dev.gantry.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A step's status, named as the REST API names it. */
public enum StepStatus {
    @JsonProperty("in_progress") IN_PROGRESS,
    @JsonProperty("completed") COMPLETED
}
