package dev.gantry.engine.environments;

import dev.gantry.engine.store.Page;
import dev.gantry.engine.store.PageRequest;
import java.time.Instant;
import java.util.Optional;

/** Environments by repository; names compare case-insensitively. */
public interface EnvironmentStore {
    Optional<Environment> find(long repositoryId, String name);

    /** Ordered by name, case-insensitively. */
    Page<Environment> list(long repositoryId, PageRequest page);

    /** Creates the environment without protection unless one of that name exists; either way returns it. */
    Environment createIfAbsent(long repositoryId, String name, Instant now);

    /** Replaces the protection settings, keeping the ids of rules that stay on. */
    Environment update(long environmentId, EnvironmentProtection protection, Instant now);

    /** Deletes the environment with its secrets and variables. @return false if there was none */
    boolean delete(long repositoryId, String name);
}
