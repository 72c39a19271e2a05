package dev.gantry.engine.token;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A job's {@code permissions:} as the levels its token carries. GitHub writes the keys with
 * hyphens ({@code pull-requests}); its REST permissions use underscores, so both become underscores.
 */
public final class JobPermissions {
    /** The scopes a {@code GITHUB_TOKEN} can be given. */
    static final List<String> RESOURCES = List.of("actions", "attestations", "checks", "contents", "deployments",
            "discussions", "id_token", "issues", "models", "packages", "pages", "pull_requests", "repository_projects",
            "security_events", "statuses");

    private JobPermissions() {}

    /**
     * @param declared the job's effective {@code permissions} (a map, {@code read-all}, {@code write-all},
     *     {@code {}}), or null/missing when the workflow sets none: then GitHub's permissive default,
     *     which writes everything but {@code id-token}
     */
    public static Map<String, String> of(JsonNode declared) {
        return of(declared, true);
    }

    /**
     * @param writeByDefault the repository's default workflow permissions: {@code write} (every
     *     scope but {@code id-token}) or {@code read} (GitHub's restricted default: {@code contents}
     *     and {@code packages} read), for a job whose workflow sets no {@code permissions}
     */
    public static Map<String, String> of(JsonNode declared, boolean writeByDefault) {
        Map<String, String> levels = new LinkedHashMap<>();
        if ((declared == null || declared.isMissingNode() || declared.isNull()) && !writeByDefault) {
            levels.put("contents", "read");
            levels.put("packages", "read");
        } else if (declared == null || declared.isMissingNode() || declared.isNull()) {
            RESOURCES.forEach(resource -> levels.put(resource, resource.equals("id_token") ? "none" : "write"));
        } else if (declared.isTextual()) {
            String all = declared.asText().equals("write-all") ? "write" : declared.asText().equals("read-all") ? "read" : "none";
            // read-all cannot mint OIDC tokens: id-token has only write and none.
            RESOURCES.forEach(resource -> levels.put(resource, resource.equals("id_token") && !all.equals("write") ? "none" : all));
        } else if (declared.isObject()) {
            RESOURCES.forEach(resource -> levels.put(resource, "none"));
            declared.properties().forEach(entry -> levels.put(entry.getKey().replace('-', '_').toLowerCase(Locale.ROOT),
                    entry.getValue().asText()));
        }
        // Every token can read the repository's metadata, as on GitHub.
        levels.put("metadata", "read");
        levels.values().removeIf("none"::equals);
        return levels;
    }
}
