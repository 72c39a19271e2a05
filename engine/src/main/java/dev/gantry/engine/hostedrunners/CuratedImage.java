package dev.gantry.engine.hostedrunners;

import java.util.Objects;

/**
 * An image GitHub (source {@code github}) or a partner (source {@code partner}) publishes, which a
 * pool may name by {@code id}.
 */
public record CuratedImage(String id, String platform, int sizeGb, String displayName, ImageSource source) {
    public CuratedImage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(source, "source");
        if (source == ImageSource.CUSTOM) {
            throw new IllegalArgumentException("a curated image is github's or a partner's, not custom");
        }
    }
}
