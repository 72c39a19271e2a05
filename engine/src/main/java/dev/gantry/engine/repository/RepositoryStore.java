package dev.gantry.engine.repository;

import dev.gantry.engine.store.Page;
import dev.gantry.engine.store.PageRequest;
import java.util.Collection;
import java.util.Optional;

/** Repositories. Names are unique per owner and compared case-insensitively, as on GitHub. */
public interface RepositoryStore {
    /** @throws dev.gantry.engine.GantryException VALIDATION_FAILED when the owner already has a repository of that name */
    Repository create(NewRepository repository);

    Optional<Repository> findById(long id);

    Optional<Repository> findByOwnerAndName(long ownerId, String name);

    /** Replaces every mutable field of an existing repository (name included: a rename). */
    Repository update(Repository repository);

    boolean delete(long id);

    /** The owner's repositories, ordered by name (case-insensitively). */
    Page<Repository> listByOwner(long ownerId, Collection<Visibility> visibilities, PageRequest page);

    /** Repositories owned by any of {@code ownerIds} whose visibility is one of {@code visibilities}, ordered by name. */
    Page<Repository> listOwnedByAnyOf(Collection<Long> ownerIds, Collection<Visibility> visibilities, PageRequest page);
}
