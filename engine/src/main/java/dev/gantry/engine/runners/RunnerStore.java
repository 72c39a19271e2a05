package dev.gantry.engine.runners;

import dev.gantry.engine.store.Page;
import dev.gantry.engine.store.PageRequest;
import java.time.Instant;
import java.util.Optional;

/** Runners, their labels and the repository registration tokens. */
public interface RunnerStore {
    /** @throws dev.gantry.engine.GantryException VALIDATION_FAILED when the repository has a runner of that name */
    Runner create(NewRunner runner);

    Optional<Runner> findById(long id);

    Optional<Runner> findByCredentialHash(String credentialHash);

    /** The repository's runners by id. */
    Page<Runner> list(long repositoryId, PageRequest page);

    boolean delete(long id);

    void setBusy(long id, boolean busy);

    /** Records contact from the runner at {@code now}. */
    void touch(long id, Instant now);

    RegistrationToken createRegistrationToken(long repositoryId, String hash, Instant createdAt, Instant expiresAt);

    Optional<RegistrationToken> findRegistrationToken(String hash);
}
