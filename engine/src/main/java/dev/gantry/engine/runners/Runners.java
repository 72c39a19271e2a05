package dev.gantry.engine.runners;

import dev.gantry.engine.FieldError;
import dev.gantry.engine.GantryException;
import dev.gantry.engine.ErrorCategory;
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

/** Registration tokens, runner registration, authentication by credential, listing and removal. */
public final class Runners {
    /** GitHub's registration tokens are valid for one hour. */
    public static final Duration REGISTRATION_TOKEN_LIFETIME = Duration.ofHours(1);
    public static final String SELF_HOSTED = "self-hosted";
    /**
     * Contact is recorded at most this often per runner: a runner polls and heartbeats many times
     * a minute, and its online status only needs to be right to within {@link Runner#OFFLINE_AFTER}.
     */
    static final Duration CONTACT_RECORD_INTERVAL = Duration.ofSeconds(30);

    /** More distinct credentials than this in one window means something unusual: start over rather than grow. */
    private static final int REMEMBERED_CREDENTIALS = 10_000;

    private final RunnerStore runners;
    private final Clock clock;
    private final Secrets secrets = new Secrets();
    /**
     * Credential hash → the runner, as read at most {@link #CONTACT_RECORD_INTERVAL} ago. A runner
     * makes about ten protocol calls per trivial job, and reading its row on each was ~8 % of the
     * server's CPU (bench/README.md). A runner removed through {@link #delete} is forgotten at once;
     * one removed otherwise (its repository deleted, or on another node) within the interval.
     */
    private final Map<String, Authenticated> authenticated = new java.util.concurrent.ConcurrentHashMap<>();

    private record Authenticated(Runner runner, Instant readAt) {}

    public Runners(RunnerStore runners, Clock clock) {
        this.runners = Objects.requireNonNull(runners, "runners");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A new registration token for the repository's runners, valid for an hour. */
    public IssuedRegistrationToken createRegistrationToken(long repositoryId) {
        String secret = secrets.random(Secrets.UPPER_ALPHANUMERIC, 29);
        Instant now = now();
        Instant expiresAt = now.plus(REGISTRATION_TOKEN_LIFETIME);
        runners.createRegistrationToken(repositoryId, Secrets.hash(secret), now, expiresAt);
        return new IssuedRegistrationToken(secret, expiresAt);
    }

    /**
     * Registers a runner with a valid registration token. Its labels are {@code self-hosted}, its
     * OS and architecture (read-only, as GitHub assigns them) followed by {@code customLabels}.
     *
     * @throws GantryException UNAUTHENTICATED for an unknown or expired token; VALIDATION_FAILED for a taken name
     */
    public RegisteredRunner register(String registrationToken, String name, String os, String architecture,
            List<String> customLabels) {
        Instant now = clock.instant();
        RegistrationToken token = runners.findRegistrationToken(Secrets.hash(Objects.requireNonNull(registrationToken, "registrationToken")))
                .filter(found -> found.expiresAt().isAfter(now))
                .orElseThrow(() -> new GantryException(ErrorCategory.UNAUTHENTICATED, "Invalid or expired registration token"));
        if (name == null || name.isBlank()) {
            throw GantryException.invalid("Validation Failed", FieldError.missingField("Runner", "name"));
        }
        String credential = secrets.random(Secrets.ALPHANUMERIC, 40);
        Runner runner = runners.create(new NewRunner(token.repositoryId(), name.strip(), os, labels(os, architecture, customLabels),
                Secrets.hash(credential), now()));
        return new RegisteredRunner(runner, credential);
    }

    /** The runner a credential belongs to, recording the contact. */
    public Optional<Runner> authenticate(String credential) {
        if (credential == null || credential.isEmpty()) {
            return Optional.empty();
        }
        String hash = Secrets.hash(credential);
        Instant now = clock.instant();
        Authenticated remembered = authenticated.get(hash);
        if (remembered != null && remembered.readAt().plus(CONTACT_RECORD_INTERVAL).isAfter(now)) {
            // Read (and its contact recorded when due) less than an interval ago: the runner stays
            // online, since OFFLINE_AFTER is four intervals.
            return Optional.of(remembered.runner());
        }
        Optional<Runner> runner = runners.findByCredentialHash(hash);
        runner.filter(found -> found.lastSeenAt() == null || found.lastSeenAt().plus(CONTACT_RECORD_INTERVAL).isBefore(now))
                .ifPresent(found -> runners.touch(found.id(), now));
        if (runner.isEmpty()) {
            authenticated.remove(hash);
        } else {
            if (authenticated.size() >= REMEMBERED_CREDENTIALS) {
                authenticated.clear();
            }
            authenticated.put(hash, new Authenticated(runner.get(), now));
        }
        return runner;
    }

    public Page<Runner> list(long repositoryId, PageRequest page) {
        return runners.list(repositoryId, page);
    }

    public Optional<Runner> find(long repositoryId, long runnerId) {
        return runners.findById(runnerId).filter(runner -> runner.repositoryId() == repositoryId);
    }

    public void delete(long repositoryId, long runnerId) {
        Runner runner = find(repositoryId, runnerId).orElseThrow(GantryException::notFound);
        runners.delete(runner.id());
        // Its credential must stop working now, not when the remembered authentication expires.
        authenticated.values().removeIf(remembered -> remembered.runner().id() == runner.id());
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
}
