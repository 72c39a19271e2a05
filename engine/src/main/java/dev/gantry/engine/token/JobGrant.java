package dev.gantry.engine.token;

import java.util.Map;
import java.util.Objects;

/**
 * What a job's {@code GITHUB_TOKEN} may do: act on its own repository with the job's
 * {@code permissions}, for as long as the job runs.
 *
 * @param permissions by resource with underscores ({@code pull_requests}), {@code read} or {@code write};
 *     a resource not listed is {@code none}
 * @param actorId the user the run acts for, whom a push with the token is attributed to
 */
public record JobGrant(long jobId, long repositoryId, long actorId, Map<String, String> permissions) {
    public JobGrant {
        permissions = Map.copyOf(permissions);
    }

    /** Whether the token may read ({@code write} false) or change ({@code write} true) {@code resource}. */
    public boolean allows(String resource, boolean write) {
        String level = permissions.get(Objects.requireNonNull(resource, "resource"));
        return level != null && (level.equals("write") || !write);
    }
}
