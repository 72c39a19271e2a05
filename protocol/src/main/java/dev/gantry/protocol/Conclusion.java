package dev.gantry.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A step's or job's conclusion, named as the REST API names it. */
public enum Conclusion {
    @JsonProperty("success") SUCCESS,
    @JsonProperty("failure") FAILURE,
    @JsonProperty("cancelled") CANCELLED,
    @JsonProperty("skipped") SKIPPED
}
