package dev.gantry.workflow;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Job and step ids as GitHub checks and generates them: an id starts with a letter or
 * {@code _}, holds only letters, digits, {@code _} and {@code -}, is under 100 characters, does
 * not start with {@code __} (reserved for generated ids) and is unique in its scope, ignoring
 * case as github.com does ({@code step1} and {@code STEP1} collide). Generated ids ({@code __run},
 * {@code __actions_checkout}) get {@code _2}, {@code _3} … on collision. One per scope.
 */
final class IdBuilder {
    private static final int MAXIMUM_LENGTH = 100;

    private final Set<String> known = new HashSet<>();

    /** Records a written id; returns GitHub's error message when it is not acceptable, else null. */
    String tryAddKnownId(String value) {
        if (value.isEmpty() || !isValid(value) || value.length() >= MAXIMUM_LENGTH) {
            return "The identifier '" + value + "' is invalid. IDs may only contain alphanumeric characters, '_', and '-'. "
                    + "IDs must start with a letter or '_' and and must be less than " + MAXIMUM_LENGTH + " characters.";
        }
        if (value.startsWith("__")) {
            return "The identifier '" + value + "' is invalid. IDs starting with '__' are reserved.";
        }
        if (!known.add(value.toLowerCase(Locale.ROOT))) {
            return "The identifier '" + value + "' may not be used more than once within the same scope.";
        }
        return null;
    }

    /** A new unique id from {@code segment} (e.g. {@code __actions/checkout}), illegal characters made {@code _}. */
    String generate(String segment) {
        StringBuilder name = new StringBuilder();
        if (!segment.isEmpty()) {
            char first = segment.charAt(0);
            if (isDigit(first) || first == '-') {
                name.append('_');
            }
            for (int i = 0; i < segment.length(); i++) {
                char c = segment.charAt(i);
                name.append(isLetter(c) || isDigit(c) || c == '_' || c == '-' ? c : '_');
            }
        }
        String original = name.isEmpty() ? "job" : name.toString();
        for (int attempt = 1; attempt < 1000; attempt++) {
            String suffix = attempt == 1 ? "" : "_" + attempt;
            String candidate = original.substring(0, Math.min(original.length(), MAXIMUM_LENGTH - suffix.length())) + suffix;
            if (known.add(candidate.toLowerCase(Locale.ROOT))) {
                return candidate;
            }
        }
        throw new IllegalStateException("Unable to create a unique name");
    }

    static boolean isValid(String name) {
        if (name.isEmpty()) {
            return false;
        }
        char first = name.charAt(0);
        if (!isLetter(first) && first != '_') {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!isLetter(c) && !isDigit(c) && c != '_' && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
