package dev.gantry.engine.caches;

import java.util.Objects;
import java.util.Optional;

/** What one level sets: empty means nothing, and the level above (or GitHub's default) applies. */
public record CacheLimitSetting(Optional<Integer> maxRetentionDays, Optional<Integer> maxSizeGigabytes) {
    public static final CacheLimitSetting NONE = new CacheLimitSetting(Optional.empty(), Optional.empty());

    public CacheLimitSetting {
        Objects.requireNonNull(maxRetentionDays, "maxRetentionDays");
        Objects.requireNonNull(maxSizeGigabytes, "maxSizeGigabytes");
    }
}
