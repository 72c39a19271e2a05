package dev.gantry.engine.runs;

import dev.gantry.engine.GantryException;
import dev.gantry.engine.store.Page;
import dev.gantry.engine.store.PageRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Reads runs, attempts, jobs and steps of a repository, and cancels runs. */
public final class Runs {
    private final RunStore runs;
    private final JobStore jobs;
    private final RunProgress progress;

    public Runs(RunStore runs, JobStore jobs, RunProgress progress) {
        this.runs = Objects.requireNonNull(runs, "runs");
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /** Newest first. */
    public Page<WorkflowRun> list(long repositoryId, PageRequest page) {
        return runs.listForRepository(repositoryId, page);
    }

    /** The workflow's runs, newest first. */
    public Page<WorkflowRun> listForWorkflow(long workflowId, PageRequest page) {
        return runs.listForWorkflow(workflowId, page);
    }

    /**
     * Deletes a completed run with everything it holds in the database; its logs are the
     * caller's to remove (they live in the blob store), before this.
     *
     * @throws GantryException FORBIDDEN while the run is not completed, as GitHub refuses it
     */
    public void delete(long repositoryId, long runId) {
        WorkflowRun run = get(repositoryId, runId);
        if (!run.isCompleted()) {
            throw new GantryException(dev.gantry.engine.ErrorCategory.FORBIDDEN, "Cannot delete a workflow run that is not completed.");
        }
        runs.delete(run.id());
    }

    /** The runs GitHub's list filters select, newest first. */
    public Page<WorkflowRun> search(RunQuery query, PageRequest page) {
        return runs.search(query, page);
    }

    public Optional<WorkflowRun> find(long repositoryId, long runId) {
        return runs.findById(runId).filter(run -> run.repositoryId() == repositoryId);
    }

    public WorkflowRun get(long repositoryId, long runId) {
        return find(repositoryId, runId).orElseThrow(GantryException::notFound);
    }

    public RunAttempt attempt(long repositoryId, long runId, int attempt) {
        get(repositoryId, runId);
        return runs.findAttempt(runId, attempt).orElseThrow(GantryException::notFound);
    }

    /** The run of that repository with the attempt it shows, its latest, in one read. */
    public RunWithAttempt getWithLatestAttempt(long repositoryId, long runId) {
        return runs.findWithLatestAttempt(runId).filter(found -> found.run().repositoryId() == repositoryId)
                .orElseThrow(GantryException::notFound);
    }

    /** The latest attempt of each run of a page (runs already read through their repository), read together; by run id. */
    public Map<Long, RunAttempt> latestAttempts(List<WorkflowRun> page) {
        Map<Long, Integer> attemptByRun = new HashMap<>();
        for (WorkflowRun run : page) {
            attemptByRun.put(run.id(), run.runAttempt());
        }
        Map<Long, RunAttempt> found = runs.findAttempts(attemptByRun);
        if (found.size() != attemptByRun.size()) {
            throw GantryException.notFound();
        }
        return found;
    }

    /**
     * The jobs of an attempt (the latest when {@code attempt} is empty), in creation order, as
     * GitHub lists them: without the stand-ins of calls of reusable workflows (see {@link CallScope}).
     */
    public List<Job> jobs(long repositoryId, long runId, Optional<Integer> attempt) {
        WorkflowRun run = get(repositoryId, runId);
        int number = attempt.orElse(run.runAttempt());
        runs.findAttempt(runId, number).orElseThrow(GantryException::notFound);
        // A calling job is shown as the called workflow's jobs, as GitHub lists them.
        return jobs.listForAttempt(runId, number).stream().filter(job -> !CallScope.isHidden(job)).toList();
    }

    public Optional<Job> findJob(long repositoryId, long jobId) {
        return jobs.findById(jobId).filter(job -> job.repositoryId() == repositoryId);
    }

    public Job job(long repositoryId, long jobId) {
        return findJob(repositoryId, jobId).orElseThrow(GantryException::notFound);
    }

    public List<Step> steps(long repositoryId, long jobId) {
        return jobs.listSteps(job(repositoryId, jobId).id());
    }

    /**
     * Cancels the run's latest attempt.
     *
     * @throws GantryException CONFLICT when it is already completed, as GitHub answers 409
     */
    public void cancel(long repositoryId, long runId) {
        WorkflowRun run = get(repositoryId, runId);
        if (run.isCompleted() || !progress.cancel(runId)) {
            throw new GantryException(dev.gantry.engine.ErrorCategory.CONFLICT, "Cannot cancel a workflow run that is completed.");
        }
    }
}
