package dev.gantry.workflow;

import dev.gantry.workflow.template.TemplateToken;
import dev.gantry.workflow.template.TemplateTokens;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Objects;

/**
 * A {@code permissions:} block: either a shorthand ({@code read-all}, {@code write-all}, or
 * {@code {}} meaning none) or per-scope levels ({@code contents: read}). Levels are
 * {@code read}, {@code write} or {@code none}; scopes not named get {@code none}.
 */
public record Permissions(Shorthand shorthand, Map<String, String> scopes) {
    /** The scopes {@code read-all} and {@code write-all} grant, in the order GitHub lists them in messages. */
    public static final List<String> SHORTHAND_SCOPES = List.of("actions", "checks", "contents", "deployments", "discussions",
            "issues", "packages", "pages", "pull-requests", "repository-projects", "statuses", "security-events", "id-token");

    /** GitHub's "permissive" repository default: every scope write. */
    public static final Permissions WRITE_ALL = new Permissions(Shorthand.WRITE_ALL, Map.of());

    /** GitHub's "restricted" repository default: contents and packages read, nothing else. */
    public static final Permissions LIMITED_READ = new Permissions(Shorthand.SCOPES, Map.of("contents", "read", "packages", "read"));

    /** How the block was written. */
    public enum Shorthand { READ_ALL, WRITE_ALL, SCOPES }

    public Permissions {
        Objects.requireNonNull(shorthand, "shorthand");
        scopes = Map.copyOf(scopes);
    }

    /** Reads a schema-checked {@code permissions:} ({@code read-all}, {@code write-all}, or a mapping of scopes). */
    public static Permissions from(TemplateToken token) {
        if (token instanceof TemplateToken.StringToken shorthand) {
            return shorthand.value().equals("write-all") ? WRITE_ALL : new Permissions(Shorthand.READ_ALL, Map.of());
        }
        Map<String, String> scopes = new LinkedHashMap<>();
        if (token instanceof TemplateToken.MappingToken mapping) {
            for (TemplateToken.Entry entry : mapping.entries()) {
                scopes.put(TemplateTokens.key(entry), TemplateTokens.literalText(entry.value()));
            }
        }
        return new Permissions(Shorthand.SCOPES, scopes);
    }

    /** The scopes granted, sorted, {@code none} left out: GitHub's normalized form. */
    public Map<String, String> granted() {
        Map<String, String> result = new TreeMap<>();
        if (shorthand == Shorthand.SCOPES) {
            scopes.forEach((scope, level) -> {
                if (!level.equals("none")) {
                    result.put(scope, level);
                }
            });
        } else {
            for (String scope : SHORTHAND_SCOPES) {
                result.put(scope, level(scope));
            }
        }
        return result;
    }

    /** The scopes this block names: every shorthand scope for a shorthand, else the written ones in GitHub's order. */
    public static List<String> scopesOf(Permissions permissions) {
        if (permissions.shorthand() != Shorthand.SCOPES) {
            return SHORTHAND_SCOPES;
        }
        List<String> result = new ArrayList<>();
        for (String scope : SHORTHAND_SCOPES) {
            if (permissions.scopes().containsKey(scope)) {
                result.add(scope);
            }
        }
        permissions.scopes().keySet().stream().filter(scope -> !SHORTHAND_SCOPES.contains(scope)).sorted().forEach(result::add);
        return result;
    }

    /** {@code none} &lt; {@code read} &lt; {@code write}. */
    public static int rank(String level) {
        return switch (level) {
            case "write" -> 2;
            case "read" -> 1;
            default -> 0;
        };
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
