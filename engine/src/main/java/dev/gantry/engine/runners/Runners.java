package dev.gantry.engine.runners;

import dev.gantry.engine.ErrorCategory;
import dev.gantry.engine.GantryException;
import dev.gantry.engine.scope.ActionsScope;
import dev.gantry.engine.store.Page;
import dev.gantry.engine.store.PageRequest;
import dev.gantry.engine.token.Secrets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Runners of repositories and organizations: registration and remove tokens, registration,
 * just-in-time configs, authentication by credential, listing and labels. Removing a runner is
 * the job queue's ({@code JobQueue#removeRunner}), because a busy runner's job fails with it.
 */
public final class Runners {
    // GitHub answers the runner operations' 422s in its "simple" shape: a message, no field errors.
    /** GitHub's registration and remove tokens are valid for one hour. */
    public static final Duration TOKEN_LIFETIME = Duration.ofHours(1);
    public static final String SELF_HOSTED = "self-hosted";
    /** A JIT runner's OS until it starts. */
    public static final String UNKNOWN_OS = "unknown";
    /** GitHub allows at most 100 labels on a runner. */
    static final int MAXIMUM_LABELS = 100;
    /**
     * Contact is recorded at most this often per runner: a runner polls and heartbeats many times
     * a minute, and its online status only needs to be right to within {@link Runner#OFFLINE_AFTER}.
     */
    static final Duration CONTACT_RECORD_INTERVAL = Duration.ofSeconds(30);

    private final RunnerStore runners;
    private final RunnerGroups groups;
    private final RepositoryRunnerPolicy policy;
    private final Clock clock;
    private final Secrets secrets = new Secrets();

    public Runners(RunnerStore runners, RunnerGroups groups, RepositoryRunnerPolicy policy, Clock clock) {
        this.runners = Objects.requireNonNull(runners, "runners");
        this.groups = Objects.requireNonNull(groups, "groups");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A new registration or remove token for the scope's runners, valid for an hour. */
    public IssuedRegistrationToken createToken(ActionsScope scope, RunnerToken.Purpose purpose) {
        if (purpose == RunnerToken.Purpose.REGISTER) {
            requireRunnersAllowed(scope);
        }
        String secret = secrets.random(Secrets.UPPER_ALPHANUMERIC, 29);
        Instant now = now();
        Instant expiresAt = now.plus(TOKEN_LIFETIME);
        runners.createToken(scope, purpose, Secrets.hash(secret), now, expiresAt);
        return new IssuedRegistrationToken(secret, expiresAt);
    }

    /**
     * Registers a runner with a valid registration token. Its labels are {@code self-hosted}, its
     * OS and architecture (read-only, as GitHub assigns them) followed by {@code customLabels}. An
     * organization's or the enterprise's runner joins its Default group.
     *
     * @throws GantryException UNAUTHENTICATED for an unknown or expired token, or a remove token;
     *     VALIDATION_FAILED for a missing or taken name
     */
    public RegisteredRunner register(String registrationToken, String name, String os, String architecture,
            List<String> customLabels, boolean ephemeral) {
        RunnerToken token = validToken(registrationToken, RunnerToken.Purpose.REGISTER, "registration");
        // The token may predate the organization's decision to forbid repository runners.
        requireRunnersAllowed(token.scope());
        if (name == null || name.isBlank()) {
            throw GantryException.invalid("Validation Failed: name is missing");
        }
        String credential = secrets.random(Secrets.ALPHANUMERIC, 40);
        Runner runner = runners.create(new NewRunner(token.scope(), groupFor(token.scope(), RunnerGroup.DEFAULT_ID), name.strip(), os,
                labels(os, architecture, customLabels), Secrets.hash(credential), null, ephemeral, now()));
        return new RegisteredRunner(runner, credential);
    }

    /**
     * A just-in-time runner: registered now, ephemeral, started later from its config with no
     * registration step. The returned secret goes into the config and works once ({@link #activateJit}).
     *
     * @throws GantryException CONFLICT when the scope has a runner of that name (GitHub's 409);
     *     NOT_FOUND for an unknown group; VALIDATION_FAILED for a missing name or labels
     */
    public RegisteredRunner generateJit(ActionsScope scope, String name, long runnerGroupId, List<String> customLabels) {
        if (name == null || name.isBlank()) {
            throw GantryException.invalid("Validation Failed: name is missing");
        }
        if (customLabels.isEmpty() || customLabels.size() > MAXIMUM_LABELS) {
            throw GantryException.invalid("labels must hold between 1 and " + MAXIMUM_LABELS + " labels");
        }
        requireRunnersAllowed(scope);
        long groupId = groupFor(scope, runnerGroupId);
        String secret = secrets.random(Secrets.ALPHANUMERIC, 40);
        // The credential is made at activation; until then the runner holds an unguessable one nobody knows.
        String placeholder = Secrets.hash(secrets.random(Secrets.ALPHANUMERIC, 40));
        try {
            // Its OS and architecture labels come when it starts on a machine (activateJit).
            Runner runner = runners.create(new NewRunner(scope, groupId, name.strip(), UNKNOWN_OS,
                    labels(null, null, customLabels), placeholder, Secrets.hash(secret), true, now()));
            return new RegisteredRunner(runner, secret);
        } catch (GantryException e) {
            if (e.category() == ErrorCategory.VALIDATION_FAILED) {
                throw new GantryException(ErrorCategory.CONFLICT, "A runner named '" + name.strip() + "' already exists");
            }
            throw e;
        }
    }

    /**
     * Starts a JIT runner: trades its config's secret for a credential, once, and records the OS
     * and architecture of the machine it started on (read-only labels, as registration gives them).
     *
     * @throws GantryException UNAUTHENTICATED when the config is unknown, its runner removed, or already used
     */
    public RegisteredRunner activateJit(String jitSecret, String os, String architecture) {
        String credential = secrets.random(Secrets.ALPHANUMERIC, 40);
        List<String> platform = labels(os, architecture, List.of()).stream().map(RunnerLabel::name)
                .filter(label -> !label.equals(SELF_HOSTED)).toList();
        Runner runner = runners.activateJit(Secrets.hash(Objects.requireNonNull(jitSecret, "jitSecret")), Secrets.hash(credential),
                        os, platform)
                .orElseThrow(() -> new GantryException(ErrorCategory.UNAUTHENTICATED,
                        "This JIT config was already used, or its runner was removed"));
        return new RegisteredRunner(runner, credential);
    }

    /**
     * Checks a remove token for {@code runner}: valid, unexpired, for removal, of the runner's scope.
     *
     * @throws GantryException UNAUTHENTICATED otherwise
     */
    public void checkRemoveToken(String removeToken, Runner runner) {
        RunnerToken token = validToken(removeToken, RunnerToken.Purpose.REMOVE, "remove");
        if (!token.scope().equals(runner.scope())) {
            throw new GantryException(ErrorCategory.UNAUTHENTICATED, "Invalid or expired remove token");
        }
    }

    /** The runner a credential belongs to, recording the contact. */
    public Optional<Runner> authenticate(String credential) {
        if (credential == null || credential.isEmpty()) {
            return Optional.empty();
        }
        // Read on every call, not remembered: a runner deleted on any node (or ephemeral and done)
        // must be refused at once, and no node can tell the others to forget it yet.
        Optional<Runner> runner = runners.findByCredentialHash(Secrets.hash(credential));
        Instant now = clock.instant();
        runner.filter(found -> found.lastSeenAt() == null || found.lastSeenAt().plus(CONTACT_RECORD_INTERVAL).isBefore(now))
                .ifPresent(found -> runners.touch(found.id(), now));
        return runner;
    }

    public Page<Runner> list(ActionsScope scope, PageRequest page) {
        return runners.list(scope, page);
    }

    public Optional<Runner> find(ActionsScope scope, long runnerId) {
        return runners.findById(runnerId).filter(runner -> runner.scope().equals(scope));
    }

    public Optional<Runner> findById(long runnerId) {
        return runners.findById(runnerId);
    }

    /** @throws GantryException NOT_FOUND when the scope has no such runner */
    public Runner get(ActionsScope scope, long runnerId) {
        return find(scope, runnerId).orElseThrow(GantryException::notFound);
    }

    /**
     * Adds custom labels.
     *
     * @throws GantryException VALIDATION_FAILED for no labels, too many, or a read-only label's name
     */
    public Runner addLabels(ActionsScope scope, long runnerId, List<String> labels) {
        Runner runner = get(scope, runnerId);
        List<String> custom = customLabels(runner, labels, false);
        if (runner.labels().size() + custom.size() > MAXIMUM_LABELS) {
            throw tooManyLabels();
        }
        runners.addLabels(runner.id(), custom);
        return get(scope, runnerId);
    }

    /** Replaces the custom labels; an empty list removes them all. */
    public Runner setLabels(ActionsScope scope, long runnerId, List<String> labels) {
        Runner runner = get(scope, runnerId);
        runners.setCustomLabels(runner.id(), customLabels(runner, labels, true));
        return get(scope, runnerId);
    }

    /**
     * Removes one custom label.
     *
     * @throws GantryException VALIDATION_FAILED for a read-only label; NOT_FOUND when the runner does not carry it
     */
    public Runner removeLabel(ActionsScope scope, long runnerId, String label) {
        Runner runner = get(scope, runnerId);
        if (readOnly(runner, label)) {
            throw readOnlyLabel(label);
        }
        if (!runners.removeCustomLabel(runner.id(), label)) {
            throw GantryException.notFound();
        }
        return get(scope, runnerId);
    }

    private List<String> customLabels(Runner runner, List<String> labels, boolean mayBeEmpty) {
        if (labels.isEmpty() && !mayBeEmpty) {
            throw GantryException.invalid("Validation Failed: labels is missing");
        }
        if (labels.size() > MAXIMUM_LABELS) {
            throw tooManyLabels();
        }
        Map<String, String> custom = new LinkedHashMap<>();
        for (String label : labels) {
            if (label == null || label.isBlank()) {
                throw GantryException.invalid("Validation Failed: a label must not be blank");
            }
            if (readOnly(runner, label.strip())) {
                throw readOnlyLabel(label.strip());
            }
            custom.putIfAbsent(label.strip().toLowerCase(Locale.ROOT), label.strip());
        }
        return List.copyOf(custom.values());
    }

    private static boolean readOnly(Runner runner, String label) {
        return runner.labels().stream().anyMatch(existing -> existing.readOnly() && existing.name().equalsIgnoreCase(label));
    }

    private static GantryException readOnlyLabel(String label) {
        return GantryException.invalid("'" + label + "' is a read-only label and cannot be set or removed");
    }

    private static GantryException tooManyLabels() {
        return GantryException.invalid("A runner may carry at most " + MAXIMUM_LABELS + " labels");
    }

    private RunnerToken validToken(String secret, RunnerToken.Purpose purpose, String kind) {
        Instant now = clock.instant();
        return runners.findToken(Secrets.hash(Objects.requireNonNull(secret, "token")))
                .filter(found -> found.purpose() == purpose && found.expiresAt().isAfter(now))
                .orElseThrow(() -> new GantryException(ErrorCategory.UNAUTHENTICATED, "Invalid or expired " + kind + " token"));
    }

    /** The group a new runner of {@code scope} joins: an organization's or the enterprise's (which must exist), or 1 for a repository's. */
    private long groupFor(ActionsScope scope, long runnerGroupId) {
        if (scope.kind() == ActionsScope.Kind.REPOSITORY) {
            return RunnerGroup.DEFAULT_ID;
        }
        return groups.get(scope, runnerGroupId).id();
    }

    /** Default labels first, then custom ones; a label given twice (in any case) is kept once. */
    static List<RunnerLabel> labels(String os, String architecture, List<String> customLabels) {
        Map<String, RunnerLabel> labels = new LinkedHashMap<>();
        for (String builtIn : new String[] {SELF_HOSTED, os, architecture}) {
            if (builtIn != null && !builtIn.isBlank()) {
                labels.putIfAbsent(builtIn.toLowerCase(Locale.ROOT), new RunnerLabel(builtIn, true));
            }
        }
        for (String custom : customLabels) {
            if (custom != null && !custom.isBlank()) {
                labels.putIfAbsent(custom.strip().toLowerCase(Locale.ROOT), new RunnerLabel(custom.strip(), false));
            }
        }
        return new ArrayList<>(labels.values());
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    /**
     * @throws GantryException FORBIDDEN for a repository whose organization does not let it have
     *     runners of its own (GitHub answers 403)
     */
    private void requireRunnersAllowed(ActionsScope scope) {
        if (scope.kind() == ActionsScope.Kind.REPOSITORY && !policy.allowsRepositoryRunners(scope.ownerId())) {
            throw new GantryException(ErrorCategory.FORBIDDEN,
                    "Repository level self-hosted runners are disabled for this repository by its organization's settings.");
        }
    }
}
