package dev.gantry.engine.secrets;

import dev.gantry.engine.scope.ActionsScope;
import dev.gantry.engine.scope.SelectedRepositoryStore;
import dev.gantry.engine.store.Page;
import dev.gantry.engine.store.PageRequest;
import java.util.List;
import java.util.Optional;

/** Secrets and their scopes' key pairs. Names are stored as given; callers upper-case them. */
public interface SecretStore {
    Optional<ScopeKey> findKey(ActionsScope scope);

    /** Stores the key unless the scope has one already; either way returns the scope's key. */
    ScopeKey createKeyIfAbsent(ScopeKey key);

    /** Inserts or replaces the value (and visibility), keeping {@code createdAt} of an existing one. @return true if created */
    boolean put(StoredSecret secret);

    Optional<StoredSecret> find(ActionsScope scope, String name);

    /** Ordered by name. */
    Page<StoredSecret> list(ActionsScope scope, PageRequest page);

    /** Every secret of the scope, for delivery to a job. */
    List<StoredSecret> all(ActionsScope scope);

    /** @return false if there was none */
    boolean delete(ActionsScope scope, String name);


    /** The repositories organization secrets of visibility {@code selected} reach. */
    SelectedRepositoryStore selectedRepositories();
}
