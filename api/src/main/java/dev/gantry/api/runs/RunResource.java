package dev.gantry.api.runs;

import dev.gantry.api.http.ApiRequest;
import dev.gantry.api.http.Reply;
import dev.gantry.api.http.Route;
import dev.gantry.api.wire.ActionsRepresentations;
import dev.gantry.api.wire.JobView;
import dev.gantry.engine.FieldError;
import dev.gantry.engine.GantryException;
import dev.gantry.engine.git.GitRepositories;
import dev.gantry.engine.identity.AccountStore;
import dev.gantry.engine.logs.JobLogs;
import dev.gantry.engine.runs.Job;
import dev.gantry.engine.runs.Reruns;
import dev.gantry.engine.runs.RunTriggers;
import dev.gantry.engine.runs.RunWithAttempt;
import dev.gantry.engine.runs.Runs;
import dev.gantry.engine.runs.Step;
import dev.gantry.engine.runs.WorkflowRun;
import dev.gantry.engine.store.Page;
import dev.gantry.engine.store.PageRequest;
import dev.gantry.engine.workflows.Workflow;
import dev.gantry.engine.workflows.Workflows;
import dev.gantry.engine.runners.Runners;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Workflow runs, their attempts and jobs, cancelling, and {@code repository_dispatch}. */
public final class RunResource {
    private static final String RUN = "/repos/{owner}/{repo}/actions/runs/{run_id}";

    private final Runs runs;
    private final Workflows workflows;
    private final RunTriggers triggers;
    private final AccountStore accounts;
    private final GitRepositories git;
    private final ActionsRepresentations representations;
    private final Runners runners;
    private final Reruns reruns;
    private final JobLogs logs;
    private final Clock clock;

    public RunResource(Runs runs, Workflows workflows, RunTriggers triggers, AccountStore accounts, GitRepositories git,
                       ActionsRepresentations representations, Runners runners, Reruns reruns, JobLogs logs, Clock clock) {
        this.logs = logs;
        this.reruns = reruns;
        this.runners = runners;
        this.clock = clock;
        this.runs = runs;
        this.workflows = workflows;
        this.triggers = triggers;
        this.accounts = accounts;
        this.git = git;
        this.representations = representations;
    }

    public List<Route> routes() {
        return List.of(
                Route.get("/repos/{owner}/{repo}/actions/runs", "actions/list-workflow-runs-for-repo", this::listForRepository),
                Route.get("/repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs", "actions/list-workflow-runs",
                        this::listForWorkflow),
                Route.get(RUN, "actions/get-workflow-run", this::get),
                Route.delete(RUN, "actions/delete-workflow-run", this::delete),
                Route.get(RUN + "/attempts/{attempt_number}", "actions/get-workflow-run-attempt", this::getAttempt),
                Route.post(RUN + "/cancel", "actions/cancel-workflow-run", this::cancel),
                Route.post(RUN + "/force-cancel", "actions/force-cancel-workflow-run", this::cancel),
                Route.get(RUN + "/jobs", "actions/list-jobs-for-workflow-run", this::listJobs),
                Route.get(RUN + "/attempts/{attempt_number}/jobs", "actions/list-jobs-for-workflow-run-attempt",
                        this::listAttemptJobs),
                Route.get("/repos/{owner}/{repo}/actions/jobs/{job_id}", "actions/get-job-for-workflow-run", this::getJob),
                Route.get(RUN + "/timing", "actions/get-workflow-run-usage", this::timing),
                Route.post(RUN + "/rerun", "actions/re-run-workflow", request -> rerun(request,
                        actor -> reruns.rerun(request.repository().id(), runId(request), actor))),
                Route.post(RUN + "/rerun-failed-jobs", "actions/re-run-workflow-failed-jobs", request -> rerun(request,
                        actor -> reruns.rerunFailedJobs(request.repository().id(), runId(request), actor))),
                Route.post("/repos/{owner}/{repo}/actions/jobs/{job_id}/rerun", "actions/re-run-job-for-workflow-run",
                        request -> rerun(request, actor -> reruns.rerunJob(request.repository().id(),
                                longParameter(request, "job_id"), actor))),
                Route.post("/repos/{owner}/{repo}/dispatches", "repos/create-dispatch-event", this::repositoryDispatch));
    }

    private RunViews views(ApiRequest request) {
        return new RunViews(request, runs, workflows, accounts, git, representations);
    }

    private Reply listForRepository(ApiRequest request) {
        PageRequest page = request.pageRequest();
        return runsPage(request, runs.search(RunFilters.read(request, accounts, Optional.empty()), page), page);
    }

    private Reply listForWorkflow(ApiRequest request) {
        Workflow workflow = workflows.get(request.repository().id(), request.parameter("workflow_id"));
        PageRequest page = request.pageRequest();
        return runsPage(request, runs.search(RunFilters.read(request, accounts, Optional.of(workflow.id())), page), page);
    }

    private Reply runsPage(ApiRequest request, Page<WorkflowRun> found, PageRequest page) {
        RunViews views = views(request);
        return request.paged(found, page, p -> Map.of("total_count", p.totalCount(),
                "workflow_runs", views.latest(p.items())));
    }

    private Reply get(ApiRequest request) {
        RunWithAttempt found = runs.getWithLatestAttempt(request.repository().id(), runId(request));
        return Reply.ok(views(request).of(found.run(), found.attempt()));
    }

    /** Logs first: a run whose rows are gone could no longer say which blobs were its own. */
    private Reply delete(ApiRequest request) {
        WorkflowRun run = run(request);
        if (run.isCompleted()) {
            for (int attempt = 1; attempt <= run.runAttempt(); attempt++) {
                for (Job job : runs.jobs(run.repositoryId(), run.id(), Optional.of(attempt))) {
                    logs.delete(job.id(), runs.steps(run.repositoryId(), job.id()).stream().map(Step::number).toList());
                }
            }
        }
        runs.delete(run.repositoryId(), run.id());
        return Reply.noContent();
    }

    private Reply getAttempt(ApiRequest request) {
        WorkflowRun run = run(request);
        return Reply.ok(views(request).of(run, runs.attempt(run.repositoryId(), run.id(), attemptNumber(request))));
    }

    private Reply cancel(ApiRequest request) {
        WorkflowRun run = run(request);
        runs.cancel(run.repositoryId(), run.id());
        return Reply.status(202, Map.of());
    }

    private Reply listJobs(ApiRequest request) {
        WorkflowRun run = run(request);
        String filter = request.query("filter").orElse("latest");
        List<Job> jobs = switch (filter) {
            case "latest" -> runs.jobs(run.repositoryId(), run.id(), Optional.empty());
            case "all" -> {
                List<Job> all = new ArrayList<>();
                for (int attempt = 1; attempt <= run.runAttempt(); attempt++) {
                    all.addAll(runs.jobs(run.repositoryId(), run.id(), Optional.of(attempt)));
                }
                yield all;
            }
            default -> throw GantryException.invalid("Validation Failed",
                    FieldError.custom("Job", "filter", "filter must be one of: latest, all"));
        };
        return jobsPage(request, run, jobs);
    }

    private Reply listAttemptJobs(ApiRequest request) {
        WorkflowRun run = run(request);
        return jobsPage(request, run, runs.jobs(run.repositoryId(), run.id(), Optional.of(attemptNumber(request))));
    }

    /** A run has at most a few hundred jobs per attempt (256 matrix legs a job), so a page is cut from the list. */
    private Reply jobsPage(ApiRequest request, WorkflowRun run, List<Job> jobs) {
        PageRequest page = request.pageRequest();
        int from = (int) Math.min(page.offset(), jobs.size());
        int to = Math.min(from + page.perPage(), jobs.size());
        Page<Job> found = new Page<>(jobs.subList(from, to), jobs.size());
        return request.paged(found, page, p -> Map.of("total_count", p.totalCount(),
                "jobs", p.items().stream().map(job -> jobView(request, job, run)).toList()));
    }

    private Reply getJob(ApiRequest request) {
        Job job = runs.job(request.repository().id(), longParameter(request, "job_id"));
        WorkflowRun run = runs.get(request.repository().id(), job.runId());
        return Reply.ok(jobView(request, job, run));
    }

    /**
     * Milliseconds per runner OS (GitHub's {@code UBUNTU}, {@code MACOS}, {@code WINDOWS} keys) for
     * the jobs of the latest attempt that ran, and the run's wall-clock duration.
     */
    private Reply timing(ApiRequest request) {
        WorkflowRun run = run(request);
        Instant now = clock.instant();
        Map<String, Map<String, Object>> billable = new LinkedHashMap<>();
        for (Job job : runs.jobs(run.repositoryId(), run.id(), Optional.empty())) {
            if (job.startedAt() == null || job.runnerId() == null) {
                continue;
            }
            String os = runners.findById(job.runnerId()).map(runner -> billingOs(runner.os())).orElse("UBUNTU");
            long duration = Duration.between(job.startedAt(), job.completedAt() != null ? job.completedAt() : now).toMillis();
            Map<String, Object> usage = billable.computeIfAbsent(os, key -> {
                Map<String, Object> fresh = new LinkedHashMap<>();
                fresh.put("total_ms", 0L);
                fresh.put("jobs", 0);
                fresh.put("job_runs", new ArrayList<Map<String, Object>>());
                return fresh;
            });
            usage.put("total_ms", (Long) usage.get("total_ms") + duration);
            usage.put("jobs", (Integer) usage.get("jobs") + 1);
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> jobRuns = (List<Map<String, Object>>) usage.get("job_runs");
            jobRuns.add(Map.of("job_id", job.id(), "duration_ms", duration));
        }
        Instant end = run.isCompleted() ? run.updatedAt() : now;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("billable", billable);
        body.put("run_duration_ms", Math.max(0, Duration.between(run.runStartedAt(), end).toMillis()));
        return Reply.ok(body);
    }

    private static String billingOs(String runnerOs) {
        String os = runnerOs.toLowerCase(java.util.Locale.ROOT);
        return os.startsWith("mac") ? "MACOS" : os.startsWith("win") ? "WINDOWS" : "UBUNTU";
    }

    /** Each rerun makes a new attempt; GitHub answers 201 with an empty object. */
    private Reply rerun(ApiRequest request, java.util.function.LongFunction<WorkflowRun> rerun) {
        rerun.apply(request.caller().user().orElseThrow().id());
        return Reply.created(Map.of());
    }

    private Reply repositoryDispatch(ApiRequest request) {
        String eventType = request.body().string("event_type").orElseThrow();
        triggers.repositoryDispatch(request.repository().id(), eventType, request.body().node().get("client_payload"),
                request.caller().user().orElseThrow().id());
        return Reply.noContent();
    }

    private JobView jobView(ApiRequest request, Job job, WorkflowRun run) {
        return representations.job(job, runs.steps(job.repositoryId(), job.id()), run, request.repository(), request.owner());
    }

    private WorkflowRun run(ApiRequest request) {
        return runs.get(request.repository().id(), runId(request));
    }

    private static long runId(ApiRequest request) {
        return longParameter(request, "run_id");
    }

    private static int attemptNumber(ApiRequest request) {
        long attempt = longParameter(request, "attempt_number");
        if (attempt < 1 || attempt > Integer.MAX_VALUE) {
            throw GantryException.notFound();
        }
        return (int) attempt;
    }

    /** A path id that is not a number names nothing, as on GitHub: 404. */
    private static long longParameter(ApiRequest request, String name) {
        try {
            return Long.parseLong(request.parameter(name));
        } catch (NumberFormatException e) {
            throw GantryException.notFound();
        }
    }
}
