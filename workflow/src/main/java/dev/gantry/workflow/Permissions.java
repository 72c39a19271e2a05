package dev.gantry.workflow;

import java.util.Map;
import java.util.Objects;

/**
 * A {@code permissions:} block: either a shorthand ({@code read-all}, {@code write-all}, or
 * {@code {}} meaning none) or per-scope levels ({@code contents: read}). Levels are
 * {@code read}, {@code write} or {@code none}; scopes not named get {@code none}.
 */
public record Permissions(Shorthand shorthand, Map<String, String> scopes) {
    /** How the block was written. */
    public enum Shorthand { READ_ALL, WRITE_ALL, SCOPES }

    public Permissions {
        Objects.requireNonNull(shorthand, "shorthand");
        scopes = Map.copyOf(scopes);
    }

    /** The level for {@code scope}: from the shorthand, else the named level, else {@code none}. */
    public String level(String scope) {
        return switch (shorthand) {
            case READ_ALL -> "read";
            case WRITE_ALL -> "write";
            case SCOPES -> scopes.getOrDefault(scope, "none");
        };
    }
}
