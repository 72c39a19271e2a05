package dev.gantry.engine.runners;

import dev.gantry.engine.store.Page;
import dev.gantry.engine.store.PageRequest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** An organization's runner groups and the repositories they serve. */
public interface RunnerGroupStore {
    /** Makes the organization's Default group (id 1, visibility all) unless it exists. */
    void ensureDefault(long organizationId, Instant now);

    /**
     * Stores a new group under the next free id of its organization (the given id is ignored).
     *
     * @throws dev.gantry.engine.GantryException VALIDATION_FAILED when the organization has a group of that name
     */
    RunnerGroup create(RunnerGroup group, List<Long> repositoryIds);

    Optional<RunnerGroup> find(long organizationId, long groupId);

    Page<RunnerGroup> list(long organizationId, PageRequest page);

    /** @throws dev.gantry.engine.GantryException VALIDATION_FAILED when another group has the new name */
    RunnerGroup update(RunnerGroup group);

    /** Deletes the group; its runners move to the Default group, as on GitHub. */
    boolean delete(long organizationId, long groupId);

    List<Long> repositories(long organizationId, long groupId);

    void setRepositories(long organizationId, long groupId, List<Long> repositoryIds);

    boolean addRepository(long organizationId, long groupId, long repositoryId);

    boolean removeRepository(long organizationId, long groupId, long repositoryId);
}
