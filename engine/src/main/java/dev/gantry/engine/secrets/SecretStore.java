package dev.gantry.engine.secrets;

import dev.gantry.engine.store.Page;
import dev.gantry.engine.store.PageRequest;
import java.util.List;
import java.util.Optional;

/** Secrets and their scopes' key pairs. Names are stored as given; callers upper-case them. */
public interface SecretStore {
    Optional<ScopeKey> findKey(SecretScope scope);

    /** Stores the key unless the scope has one already; either way returns the scope's key. */
    ScopeKey createKeyIfAbsent(ScopeKey key);

    /** Inserts or replaces the value (and visibility), keeping {@code createdAt} of an existing one. @return true if created */
    boolean put(StoredSecret secret);

    Optional<StoredSecret> find(SecretScope scope, String name);

    /** Ordered by name. */
    Page<StoredSecret> list(SecretScope scope, PageRequest page);

    /** Every secret of the scope, for delivery to a job. */
    List<StoredSecret> all(SecretScope scope);

    /** @return false if there was none */
    boolean delete(SecretScope scope, String name);

    /** The repositories a {@code selected} organization secret reaches, by id. */
    List<Long> selectedRepositories(SecretScope scope, String name);

    /** Replaces the secret's selected repositories. */
    void setSelectedRepositories(SecretScope scope, String name, List<Long> repositoryIds);

    /** @return false if it was selected already */
    boolean addSelectedRepository(SecretScope scope, String name, long repositoryId);

    /** @return false if it was not selected */
    boolean removeSelectedRepository(SecretScope scope, String name, long repositoryId);
}
