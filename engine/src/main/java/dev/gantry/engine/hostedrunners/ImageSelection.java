package dev.gantry.engine.hostedrunners;

import java.util.Objects;

/**
 * The image a pool runs: its source and id, and for a custom image the version ({@code null}:
 * the latest, as GitHub does when none is given).
 */
public record ImageSelection(ImageSource source, String id, String version) {
    public ImageSelection {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(id, "id");
    }
}
