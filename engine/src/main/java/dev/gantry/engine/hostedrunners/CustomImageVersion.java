package dev.gantry.engine.hostedrunners;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/** One version of a custom image; {@code version} is {@code major.minor.patch}, as GitHub's path parameter requires. */
public record CustomImageVersion(String version, String state, int sizeGb, Instant createdOn, String stateDetails) {
    public static final Pattern VERSION = Pattern.compile("^\\d+\\.\\d+\\.\\d+$");

    public CustomImageVersion {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(createdOn, "createdOn");
        Objects.requireNonNull(stateDetails, "stateDetails");
        if (!VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException("a custom image version is major.minor.patch, not " + version);
        }
    }
}
