package dev.gantry.engine.runners;

import dev.gantry.engine.store.Page;
import dev.gantry.engine.store.PageRequest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The runner groups of one level (organizations, or the enterprise), each owned by an owner id, and
 * the ids a group of visibility {@code selected} serves: repositories for an organization's group,
 * organizations for the enterprise's.
 */
public interface RunnerGroupStore {
    /** Makes the owner's Default group (id 1, visibility all) unless it exists. */
    void ensureDefault(long ownerId, Instant now);

    /**
     * Stores a new group under the next free id of its owner (the given id is ignored).
     *
     * @throws dev.gantry.engine.GantryException VALIDATION_FAILED when the owner has a group of that name
     */
    RunnerGroup create(RunnerGroup group, List<Long> accessIds);

    Optional<RunnerGroup> find(long ownerId, long groupId);

    /** The owner's group named {@code name} (compared case-insensitively). */
    Optional<RunnerGroup> findByName(long ownerId, String name);

    Page<RunnerGroup> list(long ownerId, PageRequest page);

    /** The owner's groups of visibility {@code all}, and those of visibility {@code selected} whose access holds {@code memberId}. */
    Page<RunnerGroup> listVisibleTo(long ownerId, long memberId, PageRequest page);

    /** @throws dev.gantry.engine.GantryException VALIDATION_FAILED when another group has the new name */
    RunnerGroup update(RunnerGroup group);

    /** Deletes the group; its runners move to the Default group, as on GitHub. */
    boolean delete(long ownerId, long groupId);

    List<Long> access(long ownerId, long groupId);

    void setAccess(long ownerId, long groupId, List<Long> accessIds);

    boolean addAccess(long ownerId, long groupId, long accessId);

    boolean removeAccess(long ownerId, long groupId, long accessId);
}
