package dev.gantry.engine.deployments;

import dev.gantry.engine.ErrorCategory;
import dev.gantry.engine.FieldError;
import dev.gantry.engine.GantryException;
import dev.gantry.engine.environments.Environment;
import dev.gantry.engine.environments.EnvironmentProtection;
import dev.gantry.engine.environments.Environments;
import dev.gantry.engine.identity.Account;
import dev.gantry.engine.runs.Conclusion;
import dev.gantry.engine.runs.Job;
import dev.gantry.engine.runs.JobStatus;
import dev.gantry.engine.runs.JobStore;
import dev.gantry.engine.runs.RunProgress;
import dev.gantry.engine.runs.RunStore;
import dev.gantry.engine.runs.WorkflowRun;
import dev.gantry.engine.store.Transactions;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A run's deployments held by environment protection rules: GitHub's pending deployments, their
 * review by a required reviewer (approve: the job goes on once the wait timer has run out; reject:
 * the job fails and the run moves on), the run's review log, and the server's wait-timer sweep.
 */
public final class PendingDeployments {
    public static final String APPROVED = "approved";
    public static final String REJECTED = "rejected";
    /** Answered when the caller may not review one of the named environments' deployments. */
    public static final String NOT_A_REVIEWER = "No pending deployment requests to approve or reject";

    private final DeploymentGateStore gates;
    private final Environments environments;
    private final RunStore runs;
    private final JobStore jobs;
    private final RunProgress progress;
    private final Transactions transactions;
    private final Clock clock;

    public PendingDeployments(DeploymentGateStore gates, Environments environments, RunStore runs, JobStore jobs, RunProgress progress,
            Transactions transactions, Clock clock) {
        this.gates = Objects.requireNonNull(gates, "gates");
        this.environments = Objects.requireNonNull(environments, "environments");
        this.runs = Objects.requireNonNull(runs, "runs");
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.progress = Objects.requireNonNull(progress, "progress");
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * An environment the run's jobs wait for, as GitHub lists it.
     *
     * @param environment null when it was deleted since
     * @param reviewers the required reviewers' accounts
     */
    public record Pending(DeploymentGate gate, Environment environment, List<Account> reviewers, boolean currentUserCanApprove) {
        public Pending {
            Objects.requireNonNull(gate, "gate");
            reviewers = List.copyOf(reviewers);
        }
    }

    /** The environments the run's latest attempt waits for (one entry each), for {@code userId} to look at. */
    public List<Pending> pending(WorkflowRun run, long userId) {
        Map<Long, DeploymentGate> byEnvironment = new LinkedHashMap<>();
        for (DeploymentGate gate : waiting(run)) {
            byEnvironment.putIfAbsent(gate.environmentId(), gate);
        }
        List<Pending> pending = new ArrayList<>();
        for (DeploymentGate gate : byEnvironment.values()) {
            Optional<Environment> environment = environments.find(run.repositoryId(), gate.environmentName())
                    .filter(found -> found.id() == gate.environmentId());
            pending.add(new Pending(gate, environment.orElse(null),
                    environment.map(environments::reviewerAccounts).orElse(List.of()),
                    gate.state() == DeploymentGate.State.AWAITING_REVIEW && environment.filter(found -> mayReview(found, run, userId)).isPresent()));
        }
        return pending;
    }

    /**
     * A required reviewer approves or rejects the run's deployments to {@code environmentIds}. All or
     * nothing: an environment the run does not wait for, or one the caller may not review, changes nothing.
     *
     * @return the deployments reviewed
     * @throws GantryException VALIDATION_FAILED for a bad state, no or unknown environment ids, or a
     *     caller who is not a required reviewer of each
     */
    public List<DeploymentGate> review(WorkflowRun run, long userId, List<Long> environmentIds, String state, String comment) {
        if (!APPROVED.equals(state) && !REJECTED.equals(state)) {
            throw GantryException.invalid("Validation Failed", FieldError.custom("DeploymentReview", "state",
                    "state must be one of: approved, rejected"));
        }
        if (environmentIds.isEmpty()) {
            throw GantryException.invalid("Validation Failed", FieldError.missingField("DeploymentReview", "environment_ids"));
        }
        Set<Long> named = new LinkedHashSet<>(environmentIds);
        List<DeploymentGate> reviewing = new ArrayList<>();
        for (long environmentId : named) {
            List<DeploymentGate> forEnvironment = waiting(run).stream()
                    .filter(gate -> gate.environmentId() == environmentId && gate.state() == DeploymentGate.State.AWAITING_REVIEW)
                    .toList();
            if (forEnvironment.isEmpty()) {
                throw GantryException.invalid("Validation Failed", FieldError.custom("DeploymentReview", "environment_ids",
                        "Environment " + environmentId + " has no pending deployment for this run"));
            }
            Environment environment = environments.find(run.repositoryId(), forEnvironment.getFirst().environmentName())
                    .filter(found -> found.id() == environmentId)
                    .orElseThrow(() -> new GantryException(ErrorCategory.VALIDATION_FAILED, NOT_A_REVIEWER));
            if (!mayReview(environment, run, userId)) {
                throw new GantryException(ErrorCategory.VALIDATION_FAILED, NOT_A_REVIEWER);
            }
            reviewing.addAll(forEnvironment);
        }
        boolean approved = APPROVED.equals(state);
        List<DeploymentGate> reviewed = transactions.inTransaction(() -> {
            runs.lock(run.id());
            Instant now = clock.instant();
            List<DeploymentGate> decided = new ArrayList<>();
            for (DeploymentGate gate : reviewing) {
                if (!gates.review(gate.id(), approved ? DeploymentGate.State.CLEARED : DeploymentGate.State.REJECTED, userId, now)) {
                    continue;
                }
                if (approved) {
                    if (!gate.readyAt().isAfter(now)) {
                        jobs.resumeWaitingForDeployment(gate.jobId());
                    }
                } else {
                    jobs.complete(gate.jobId(), Conclusion.FAILURE, DeploymentProtection.rejected(gate.environmentName()), Map.of(), now);
                }
                decided.add(gates.findByJob(gate.jobId()).orElseThrow());
            }
            if (decided.isEmpty()) {
                // Another reviewer decided between the check and the lock.
                throw new GantryException(ErrorCategory.VALIDATION_FAILED, NOT_A_REVIEWER);
            }
            gates.addReview(run.id(), userId, state, comment == null ? "" : comment, List.copyOf(named), now);
            return decided;
        });
        progress.advance(run.id());
        return reviewed;
    }

    /** An environment one of the run's jobs (of any attempt) met; empty when it was deleted since. */
    public Optional<Environment> environment(WorkflowRun run, long environmentId) {
        for (int attempt = run.runAttempt(); attempt >= 1; attempt--) {
            for (DeploymentGate gate : gates.listForAttempt(run.id(), attempt)) {
                if (gate.environmentId() == environmentId) {
                    return environments.find(run.repositoryId(), gate.environmentName()).filter(found -> found.id() == environmentId);
                }
            }
        }
        return Optional.empty();
    }

    /** The run's review log, oldest first. */
    public List<DeploymentReview> reviews(WorkflowRun run) {
        return gates.listReviews(run.id());
    }

    /**
     * Lets go the jobs whose environment's wait timer has run out (and that a reviewer approved,
     * where one was required). Call periodically; safe on any number of nodes.
     *
     * @return how many jobs went on
     */
    public int releaseDue() {
        int released = 0;
        for (DeploymentGate gate : gates.listDue(clock.instant())) {
            if (jobs.resumeWaitingForDeployment(gate.jobId())) {
                progress.advance(gate.runId());
                released++;
            }
        }
        return released;
    }

    /** The gates of the run's latest attempt whose job still waits. */
    private List<DeploymentGate> waiting(WorkflowRun run) {
        return gates.listForAttempt(run.id(), run.runAttempt()).stream()
                .filter(gate -> jobs.findById(gate.jobId()).map(Job::status).filter(status -> status == JobStatus.WAITING).isPresent())
                .toList();
    }

    /** A required reviewer, unless the environment prevents self-review and the reviewer triggered the run. */
    private static boolean mayReview(Environment environment, WorkflowRun run, long userId) {
        EnvironmentProtection protection = environment.protection();
        boolean reviewer = protection.reviewers().stream()
                .anyMatch(candidate -> "User".equals(candidate.type()) && candidate.id() == userId);
        return reviewer && !(protection.preventSelfReview() && run.triggeringActorId() == userId);
    }
}
