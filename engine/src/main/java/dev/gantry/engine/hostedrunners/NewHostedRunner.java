package dev.gantry.engine.hostedrunners;

import java.time.Instant;
import java.util.Objects;

/** A pool to store; the store assigns its id. */
public record NewHostedRunner(long organizationId, String name, long runnerGroupId, ImageSelection image, String size,
        int maximumRunners, boolean publicIpEnabled, boolean imageGen, Instant createdAt) {
    public NewHostedRunner {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(size, "size");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
