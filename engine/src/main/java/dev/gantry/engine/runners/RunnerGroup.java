package dev.gantry.engine.runners;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A runner group of an organization or of the enterprise: which repositories (an organization's
 * group) or which organizations (the enterprise's) and, when restricted, which workflows may send
 * jobs to the runners in it.
 *
 * @param ownerId the organization's account id, or {@code ActionsScope.enterprise().ownerId()} for the enterprise's groups
 * @param id the id GitHub shows, numbered per organization and in the enterprise; {@link #DEFAULT_ID} is the Default group
 * @param visibility {@code all}, {@code selected} (the group's repository or organization list) or, for an
 *     organization's group, {@code private} (private repositories)
 * @param selectedWorkflows when {@code restrictedToWorkflows}, the workflows allowed, {@code owner/repo/path@ref}
 */
public record RunnerGroup(long ownerId, long id, String name, String visibility, boolean allowsPublicRepositories,
        boolean restrictedToWorkflows, List<SelectedWorkflow> selectedWorkflows, Instant createdAt) {
    public static final long DEFAULT_ID = 1;
    public static final String DEFAULT_NAME = "Default";
    public static final Set<String> VISIBILITIES = Set.of("all", "selected", "private");
    /** GitHub's enterprise groups serve all organizations or selected ones; {@code private} is an organization's. */
    public static final Set<String> ENTERPRISE_VISIBILITIES = Set.of("all", "selected");

    public RunnerGroup {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(visibility, "visibility");
        selectedWorkflows = List.copyOf(selectedWorkflows);
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public boolean isDefault() {
        return id == DEFAULT_ID;
    }
}
