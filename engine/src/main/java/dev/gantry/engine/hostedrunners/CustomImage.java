package dev.gantry.engine.hostedrunners;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An organization's own image (GitHub's "custom image definition") and its versions, newest last
 * once sorted by {@link #latestVersion()}.
 *
 * @param id the {@code image_definition_id}
 */
public record CustomImage(long id, String name, String platform, String state, List<CustomImageVersion> versions) {
    public CustomImage {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(state, "state");
        versions = List.copyOf(versions);
    }

    public Optional<CustomImageVersion> version(String version) {
        return versions.stream().filter(candidate -> candidate.version().equals(version)).findFirst();
    }

    /** The highest version by its numbers ({@code 1.10.0} after {@code 1.9.0}); empty without versions. */
    public Optional<CustomImageVersion> latestVersion() {
        return versions.stream().max(Comparator.comparing(CustomImageVersion::version, CustomImage::compareVersions));
    }

    public long totalVersionsSizeGb() {
        return versions.stream().mapToLong(CustomImageVersion::sizeGb).sum();
    }

    public CustomImage withVersions(List<CustomImageVersion> kept) {
        return new CustomImage(id, name, platform, state, kept);
    }

    static int compareVersions(String left, String right) {
        String[] a = left.split("\\.");
        String[] b = right.split("\\.");
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            int difference = Long.compare(number(a, i), number(b, i));
            if (difference != 0) {
                return difference;
            }
        }
        return 0;
    }

    private static long number(String[] parts, int index) {
        if (index >= parts.length) {
            return 0;
        }
        try {
            return Long.parseLong(parts[index]);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
