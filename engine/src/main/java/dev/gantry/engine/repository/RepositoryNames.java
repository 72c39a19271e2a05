package dev.gantry.engine.repository;

import dev.gantry.engine.FieldError;
import dev.gantry.engine.GantryException;
import java.util.regex.Pattern;

/**
 * GitHub's repository name rule. GitHub quietly turns other characters into hyphens
 * ({@code my repo} becomes {@code my-repo}); names that would still be unsafe ({@code .}, {@code ..},
 * a {@code .git} suffix, over 100 characters) are refused.
 */
public final class RepositoryNames {
    private static final Pattern INVALID_CHARACTERS = Pattern.compile("[^A-Za-z0-9._-]");

    private RepositoryNames() {}

    public static String normalize(String name) {
        if (name == null || name.isBlank()) {
            throw GantryException.invalid("Repository creation failed.", FieldError.missingField("Repository", "name"));
        }
        String normalized = INVALID_CHARACTERS.matcher(name.strip()).replaceAll("-");
        if (normalized.equals(".") || normalized.equals("..") || normalized.length() > 100
                || normalized.toLowerCase(java.util.Locale.ROOT).endsWith(".git")) {
            throw GantryException.invalid("Repository creation failed.",
                    FieldError.custom("Repository", "name", "name is invalid"));
        }
        return normalized;
    }
}
