package dev.gantry.engine.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.engine.workflows.JobDefinition;
import dev.gantry.engine.workflows.JobLeg;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Creates the rows of a planned job: one pending job per leg, a stand-in for a job planned once
 * its needs are done, or a failed job for one whose strategy could not be planned. One place for
 * run creation, planning with {@code needs} and expanding a called workflow.
 *
 */
final class PlannedJobs {
    private final JobStore jobs;
    private final long runId;
    private final int runAttempt;
    private final long repositoryId;
    private final String keyPrefix;
    private final String namePrefix;
    private final ObjectNode call;

    /**
     * @param keyPrefix put before each key and need ({@code call/} for a called workflow's jobs)
     * @param namePrefix put before each name ({@code call / })
     * @param call the {@code call} part of the definitions (see {@link CallScope}), or null at the top
     */
    PlannedJobs(JobStore jobs, long runId, int runAttempt, long repositoryId, String keyPrefix, String namePrefix, ObjectNode call) {
        this.jobs = java.util.Objects.requireNonNull(jobs, "jobs");
        this.runId = runId;
        this.runAttempt = runAttempt;
        this.repositoryId = repositoryId;
        this.keyPrefix = java.util.Objects.requireNonNull(keyPrefix, "keyPrefix");
        this.namePrefix = java.util.Objects.requireNonNull(namePrefix, "namePrefix");
        this.call = call == null ? null : call.deepCopy();
    }

    /** The jobs of the run's own workflow. */
    static PlannedJobs top(JobStore jobs, long runId, int runAttempt, long repositoryId) {
        return new PlannedJobs(jobs, runId, runAttempt, repositoryId, "", "", null);
    }

    /** @return the key the job's rows have */
    String create(JobDefinition job, Instant now) {
        String key = keyPrefix + job.key();
        List<String> needs = job.needs().stream().map(need -> keyPrefix + need).toList();
        JsonNode body = job.body();
        if (call != null) {
            ObjectNode withCall = body.deepCopy();
            withCall.set(CallScope.CALL, call.deepCopy());
            body = withCall;
        }
        if (job.planError() != null) {
            // GitHub shows such a job under its id, failed with the strategy's error.
            Job failed = jobs.create(new NewJob(runId, runAttempt, repositoryId, key, namePrefix + job.key(), null, JobStrategy.SINGLE,
                    needs, job.ifCondition(), false, List.of(), body, now));
            jobs.complete(failed.id(), Conclusion.FAILURE, job.planError(), Map.of(), now);
            return key;
        }
        if (job.awaitsNeeds()) {
            // A stand-in under the job's id until RunProgress plans it with the needs' outputs.
            jobs.create(new NewJob(runId, runAttempt, repositoryId, key, namePrefix + job.key(), null, JobStrategy.AWAITING_NEEDS, needs,
                    job.ifCondition(), false, List.of(), body, now));
            return key;
        }
        List<JobLeg> legs = job.legs();
        for (int index = 0; index < legs.size(); index++) {
            JobLeg leg = legs.get(index);
            jobs.create(new NewJob(runId, runAttempt, repositoryId, key, namePrefix + leg.name(), leg.matrix(),
                    new JobStrategy(job.failFast(), index, legs.size(), job.maxParallel()), needs, job.ifCondition(),
                    leg.continueOnError(), leg.runsOn(), body, now, leg.concurrency(), leg.runnerGroup()));
        }
        return key;
    }
}
