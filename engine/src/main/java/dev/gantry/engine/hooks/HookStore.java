package dev.gantry.engine.hooks;

import dev.gantry.engine.store.Page;
import dev.gantry.engine.store.PageRequest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Webhooks of repositories and organizations. */
public interface HookStore {
    Hook create(HookOwner owner, HookSettings settings, Instant now);

    Optional<Hook> find(HookOwner owner, long id);

    Optional<Hook> findById(long id);

    /** Oldest first, as GitHub lists hooks. */
    Page<Hook> list(HookOwner owner, PageRequest page);

    /** @return false when the hook is gone */
    boolean update(long id, HookSettings settings, Instant now);

    boolean delete(HookOwner owner, long id);

    /** The active hooks of the repository and, when the repository's owner is an organization, of that organization. */
    List<Hook> listActiveFor(long repositoryId, long ownerId);

    void recordLastResponse(long id, Hook.LastResponse response);
}
