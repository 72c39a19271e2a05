package dev.gantry.engine.scope;

import dev.gantry.engine.FieldError;
import dev.gantry.engine.GantryException;
import java.util.Locale;
import java.util.regex.Pattern;

/** GitHub's naming rules, shared by secrets and variables: one pattern, one reserved prefix, one case. */
public final class ActionsNames {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private ActionsNames() {}

    /**
     * The name as stored: upper-cased, so names clash case-insensitively as on GitHub.
     *
     * @param resource {@code Secret} or {@code Variable}, as GitHub's messages name it
     */
    public static String stored(String resource, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw GantryException.invalid(resource + " names can only contain alphanumeric characters ([a-z], [A-Z], [0-9]) or "
                    + "underscores (_). Spaces are not allowed. Must start with a letter ([a-z], [A-Z]) or underscores (_).",
                    FieldError.invalid(resource, "name"));
        }
        String upper = name.toUpperCase(Locale.ROOT);
        if (upper.startsWith("GITHUB_")) {
            throw GantryException.invalid(resource + " names must not start with GITHUB_.", FieldError.invalid(resource, "name"));
        }
        return upper;
    }

    /** A name from a path, for lookups: what {@link #stored} would have made of it. */
    public static String lookup(String name) {
        return name.toUpperCase(Locale.ROOT);
    }
}
