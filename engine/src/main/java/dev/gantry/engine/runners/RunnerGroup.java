package dev.gantry.engine.runners;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An organization's runner group: which of its repositories (and, when restricted, which
 * workflows) may send jobs to the runners in it.
 *
 * @param id the id GitHub shows, numbered per organization; {@link #DEFAULT_ID} is the Default group
 * @param visibility {@code all}, {@code selected} (the group's repository list) or {@code private} (private repositories)
 * @param selectedWorkflows when {@code restrictedToWorkflows}, the workflows allowed, {@code owner/repo/path@ref}
 */
public record RunnerGroup(long organizationId, long id, String name, String visibility, boolean allowsPublicRepositories,
        boolean restrictedToWorkflows, List<SelectedWorkflow> selectedWorkflows, Instant createdAt) {
    public static final long DEFAULT_ID = 1;
    public static final String DEFAULT_NAME = "Default";
    public static final Set<String> VISIBILITIES = Set.of("all", "selected", "private");

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
