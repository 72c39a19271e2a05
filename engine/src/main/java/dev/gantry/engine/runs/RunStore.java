package dev.gantry.engine.runs;

import dev.gantry.engine.store.Page;
import dev.gantry.engine.store.PageRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Workflow runs and their attempts. */
public interface RunStore {
    /** Inserts the run and its attempt 1. */
    WorkflowRun create(NewRun run);

    Optional<WorkflowRun> findById(long id);

    /** The repository's runs, newest first. */
    Page<WorkflowRun> listForRepository(long repositoryId, PageRequest page);

    /** The workflow's runs, newest first. */
    Page<WorkflowRun> listForWorkflow(long workflowId, PageRequest page);

    /** Removes the run with its attempts, jobs and steps; false when there was none. */
    boolean delete(long runId);

    /** The runs {@code query} selects, newest first. */
    Page<WorkflowRun> search(RunQuery query, PageRequest page);

    Optional<RunAttempt> findAttempt(long runId, int attempt);

    /** The run with its latest attempt, in one read. */
    Optional<RunWithAttempt> findWithLatestAttempt(long runId);

    /** For each run id, the attempt of the given number; a run without that attempt is left out. */
    Map<Long, RunAttempt> findAttempts(Map<Long, Integer> attemptByRun);

    /** Every attempt of the run, oldest first. */
    List<RunAttempt> listAttempts(long runId);

    /**
     * Sets an attempt's status and conclusion, and the run's too when it is the run's latest
     * attempt. Moving to in progress the first time sets {@code run_started_at} to {@code now}.
     */
    void updateStatus(long runId, int attempt, RunStatus status, Conclusion conclusion, Instant now);

    /**
     * Starts attempt {@code attempt} of a completed run (a rerun): adds the attempt, queued, and
     * makes the run show it, with {@code run_started_at} now.
     *
     * @return false when the run's latest attempt is not {@code attempt - 1} (someone reran it first)
     */
    boolean addAttempt(long runId, int attempt, long triggeringActorId, Instant now);

    /** Marks the attempt as being cancelled; false when it is already completed or marked. */
    boolean requestCancel(long runId, int attempt, Instant now);

    /**
     * Inside a transaction: holds the run until the transaction ends, so two changes of one run
     * (two jobs completing at once on two nodes) are applied one after the other and the later
     * sees the earlier. Must be the transaction's first write to the run's rows.
     *
     * @return false when there is no such run
     */
    boolean lock(long runId);

    /**
     * Inside a transaction: serializes the concurrency-group decisions of one repository (a run
     * created into a group, a run of a group completing) across nodes, so a run created while
     * another completes is never left waiting.
     */
    void lockConcurrencyGroups(long repositoryId);

    /** The repository's runs of a concurrency group that are not completed, oldest first. */
    List<WorkflowRun> listUnfinishedInGroup(long repositoryId, String concurrencyGroup);

    /** The repository's runs with a concurrency group that are not completed, oldest first. */
    List<WorkflowRun> listUnfinishedWithConcurrencyGroup(long repositoryId);

    /** Ids of runs that are not completed, oldest first: what recovery looks at after a restart. */
    List<Long> listUnfinished();

    /** Ids of runs whose status last changed at or after {@code since}, oldest first. */
    List<Long> listChangedSince(Instant since);
}
