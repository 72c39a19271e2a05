package dev.gantry.engine.runners;

import dev.gantry.engine.scope.ActionsScope;
import dev.gantry.engine.store.Page;
import dev.gantry.engine.store.PageRequest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Runners, their labels, and the registration and remove tokens of repositories and organizations. */
public interface RunnerStore {
    /** @throws dev.gantry.engine.GantryException VALIDATION_FAILED when the scope has a runner of that name */
    Runner create(NewRunner runner);

    Optional<Runner> findById(long id);

    Optional<Runner> findByCredentialHash(String credentialHash);

    /** The scope's runners by id. */
    Page<Runner> list(ActionsScope scope, PageRequest page);

    /** The scope's (an organization's or the enterprise's) runners in one of its groups, by id. */
    Page<Runner> listInGroup(ActionsScope scope, long groupId, PageRequest page);

    boolean delete(long id);

    void setBusy(long id, boolean busy);

    /** Records contact from the runner at {@code now}. */
    void touch(long id, Instant now);

    /**
     * Trades a JIT config's one-time secret for the runner's credential and records the machine's
     * OS and its read-only {@code platformLabels}: the first call wins, any later one with the same
     * secret finds nothing (and changes nothing).
     */
    Optional<Runner> activateJit(String jitHash, String credentialHash, String os, List<String> platformLabels);

    /** Adds custom labels the runner does not carry yet (compared case-insensitively). */
    void addLabels(long runnerId, List<String> labels);

    /** Replaces the custom labels; labels kept keep their ids. */
    void setCustomLabels(long runnerId, List<String> labels);

    /** Removes one custom label by name (case-insensitively); false when the runner has no such custom label. */
    boolean removeCustomLabel(long runnerId, String label);

    /** Moves an organization's or the enterprise's runner into another of its owner's groups. */
    void setGroup(long runnerId, long groupId);

    /** Moves every runner of the scope that is in {@code fromGroupId} but not in {@code keep} to {@code toGroupId}. */
    void moveGroupRunners(ActionsScope scope, long fromGroupId, List<Long> keep, long toGroupId);

    RunnerToken createToken(ActionsScope scope, RunnerToken.Purpose purpose, String hash, Instant createdAt, Instant expiresAt);

    Optional<RunnerToken> findToken(String hash);
}
