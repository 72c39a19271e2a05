package dev.gantry.engine.hostedrunners;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Who provides a hosted runner image, by GitHub's wire name. */
public enum ImageSource {
    GITHUB, PARTNER, CUSTOM;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ImageSource> fromWireName(String name) {
        return Arrays.stream(values()).filter(source -> source.wireName().equals(name)).findFirst();
    }
}
