package dev.gantry.engine.runs;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a job must pass before it is queued, besides its {@code needs}, {@code if:} and concurrency:
 * its deployment environment's protection rules ({@code deployments.DeploymentProtection}). Asked by
 * {@link RunProgress} inside the run's transaction, for a pending job that is otherwise ready.
 */
public interface JobGate {
    /** Lets every job through: for engines without deployment protection. */
    JobGate OPEN = (job, run, attemptJobs, now) -> Admission.PASS;

    Admission admit(Job job, WorkflowRun run, List<Job> attemptJobs, Instant now);

    enum Outcome { PASS, WAIT, FAIL }

    /** {@code message} says why for {@link Outcome#FAIL}, in GitHub's words. */
    record Admission(Outcome outcome, String message) {
        public static final Admission PASS = new Admission(Outcome.PASS, null);
        public static final Admission WAIT = new Admission(Outcome.WAIT, null);

        public Admission {
            Objects.requireNonNull(outcome, "outcome");
        }

        public static Admission fail(String message) {
            return new Admission(Outcome.FAIL, Objects.requireNonNull(message, "message"));
        }
    }
}
