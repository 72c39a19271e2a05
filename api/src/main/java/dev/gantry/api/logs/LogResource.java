package dev.gantry.api.logs;

import dev.gantry.api.http.ApiRequest;
import dev.gantry.api.http.Reply;
import dev.gantry.api.http.Route;
import dev.gantry.engine.ErrorCategory;
import dev.gantry.engine.GantryException;
import dev.gantry.engine.logs.JobLogs;
import dev.gantry.engine.runs.Job;
import dev.gantry.engine.runs.Runs;
import dev.gantry.engine.runs.Step;
import dev.gantry.engine.runs.WorkflowRun;
import java.util.List;
import java.util.Optional;

/**
 * The log operations: downloads answer 302 to a signed link served by {@link LogDownloadService},
 * as GitHub's do, so clients that follow redirects without resending credentials work unchanged.
 */
public final class LogResource {
    private final Runs runs;
    private final JobLogs logs;
    private final SignedUrls signer;

    public LogResource(Runs runs, JobLogs logs, SignedUrls signer) {
        this.runs = runs;
        this.logs = logs;
        this.signer = signer;
    }

    public List<Route> routes() {
        String run = "/repos/{owner}/{repo}/actions/runs/{run_id}";
        return List.of(
                Route.get("/repos/{owner}/{repo}/actions/jobs/{job_id}/logs", "actions/download-job-logs-for-workflow-run",
                        this::jobLogs),
                Route.get(run + "/logs", "actions/download-workflow-run-logs", this::runLogs),
                Route.get(run + "/attempts/{attempt_number}/logs", "actions/download-workflow-run-attempt-logs",
                        this::attemptLogs),
                Route.delete(run + "/logs", "actions/delete-workflow-run-logs", this::deleteRunLogs));
    }

    private Reply jobLogs(ApiRequest request) {
        Job job = runs.job(request.repository().id(), id(request, "job_id"));
        return redirect(request, LogDownloadService.jobPath(job.repositoryId(), job.id()));
    }

    private Reply runLogs(ApiRequest request) {
        WorkflowRun run = run(request);
        return redirect(request, LogDownloadService.runPath(run.repositoryId(), run.id(), run.runAttempt()));
    }

    private Reply attemptLogs(ApiRequest request) {
        WorkflowRun run = run(request);
        int attempt = (int) Math.min(id(request, "attempt_number"), Integer.MAX_VALUE);
        runs.attempt(run.repositoryId(), run.id(), attempt);
        return redirect(request, LogDownloadService.runPath(run.repositoryId(), run.id(), attempt));
    }

    /** GitHub refuses to delete the logs of a run that is still going (its answer is 500; a 409 says why). */
    private Reply deleteRunLogs(ApiRequest request) {
        WorkflowRun run = run(request);
        if (!run.isCompleted()) {
            throw new GantryException(ErrorCategory.CONFLICT, "Cannot delete logs of a workflow run that is not completed.");
        }
        for (int attempt = 1; attempt <= run.runAttempt(); attempt++) {
            for (Job job : runs.jobs(run.repositoryId(), run.id(), Optional.of(attempt))) {
                List<Integer> steps = runs.steps(run.repositoryId(), job.id()).stream().map(Step::number).toList();
                logs.delete(job.id(), steps);
            }
        }
        return Reply.noContent();
    }

    private Reply redirect(ApiRequest request, String path) {
        return Reply.redirect(request.urls().publicUrl() + signer.sign(path));
    }

    private WorkflowRun run(ApiRequest request) {
        return runs.get(request.repository().id(), id(request, "run_id"));
    }

    private static long id(ApiRequest request, String name) {
        try {
            return Long.parseLong(request.parameter(name));
        } catch (NumberFormatException e) {
            throw GantryException.notFound();
        }
    }
}
