package dev.gantry.engine.hostedrunners;

import java.time.Instant;
import java.util.Objects;

/**
 * A hosted runner as GitHub's API names it: a <em>pool</em> of machines of one image and size that
 * the server starts itself, up to {@code maximumRunners} at once, for jobs whose {@code runs-on}
 * is the pool's name.
 *
 * @param publicIpEnabled whether the pool asked for a static public IP (counted against the limit)
 * @param lastActiveOn when a runner of the pool last started; null before the first
 */
public record HostedRunner(long id, long organizationId, String name, long runnerGroupId, ImageSelection image, String size,
        int maximumRunners, boolean publicIpEnabled, boolean imageGen, Instant createdAt, Instant lastActiveOn) {
    public HostedRunner {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(size, "size");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public HostedRunner withSettings(String newName, long newRunnerGroupId, ImageSelection newImage, String newSize,
            int newMaximumRunners, boolean newPublicIpEnabled, boolean newImageGen) {
        return new HostedRunner(id, organizationId, newName, newRunnerGroupId, newImage, newSize, newMaximumRunners,
                newPublicIpEnabled, newImageGen, createdAt, lastActiveOn);
    }
}
