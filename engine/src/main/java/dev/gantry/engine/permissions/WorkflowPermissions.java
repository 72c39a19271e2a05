package dev.gantry.engine.permissions;

import java.util.Objects;

/**
 * What a job's {@code GITHUB_TOKEN} may do when its workflow sets no {@code permissions:}.
 *
 * @param defaultWorkflowPermissions {@code write} (every scope) or {@code read} (contents and packages)
 */
public record WorkflowPermissions(String defaultWorkflowPermissions, boolean canApprovePullRequestReviews) {
    /** GitHub's permissive default, which Gantry's job tokens have always had. */
    public static final WorkflowPermissions DEFAULT = new WorkflowPermissions("write", false);

    public WorkflowPermissions {
        Objects.requireNonNull(defaultWorkflowPermissions, "defaultWorkflowPermissions");
    }

    public boolean writes() {
        return defaultWorkflowPermissions.equals("write");
    }
}
