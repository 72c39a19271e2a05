package dev.gantry.engine.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.engine.ErrorCategory;
import dev.gantry.engine.GantryException;
import dev.gantry.engine.event.EventBus;
import dev.gantry.engine.event.PushEvent;
import dev.gantry.engine.event.PushedCommit;
import dev.gantry.engine.event.RunCompleted;
import dev.gantry.engine.git.GitRepositories;
import dev.gantry.engine.repository.Repository;
import dev.gantry.engine.repository.RepositoryStore;
import dev.gantry.engine.store.Transactions;
import dev.gantry.engine.workflows.CompiledWorkflow;
import dev.gantry.engine.workflows.ConcurrencyGroup;
import dev.gantry.engine.workflows.DispatchInput;
import dev.gantry.engine.workflows.JobDefinition;
import dev.gantry.engine.workflows.Trigger;
import dev.gantry.engine.workflows.Workflow;
import dev.gantry.engine.workflows.WorkflowDefinition;
import dev.gantry.engine.workflows.WorkflowFiles;
import dev.gantry.engine.workflows.WorkflowSchedule;
import dev.gantry.engine.workflows.WorkflowScheduleStore;
import dev.gantry.engine.workflows.WorkflowState;
import dev.gantry.engine.workflows.WorkflowStore;
import dev.gantry.workflow.expression.EvaluationContext;
import dev.gantry.workflow.expression.ExpressionException;
import dev.gantry.workflow.expression.ExpressionScope;
import dev.gantry.workflow.expression.Template;
import dev.gantry.workflow.trigger.Cron;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * Creates workflow runs from events: a push (subscribed on the {@link EventBus}), a
 * {@code workflow_dispatch} with typed inputs, a {@code repository_dispatch}, a due
 * {@code schedule} (crons recorded from pushes to the default branch), a completed run
 * ({@code workflow_run}). Each run gets its
 * jobs (one per matrix leg, pending) and is then advanced, which queues the jobs that need nothing.
 * A workflow file that does not compile gives a completed run with conclusion
 * {@code startup_failure} and GitHub's message, when the event is a push.
 */
public final class RunTriggers {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RunTriggers.class);
    private static final int DUE_SCHEDULES_PER_CALL = 100;
    /** GitHub runs at most three levels of workflow_run chains. */
    private static final int MAXIMUM_WORKFLOW_RUN_CHAIN = 3;
    /** Where a cron that never matches again (31 February) is parked. */
    private static final java.time.Duration NEVER = java.time.Duration.ofDays(3650);
    /** What {@code run-name} may reference, as GitHub allows it. */
    private static final ExpressionScope RUN_NAME_SCOPE = ExpressionScope.of("github", "inputs", "vars");
    /** The answer to a dispatch while Actions is disabled for the repository. */
    public static final String ACTIONS_DISABLED = "Actions is disabled for this repository.";

    private final WorkflowFiles files;
    private final WorkflowStore workflows;
    private final WorkflowScheduleStore schedules;
    private final RunStore runs;
    private final JobStore jobs;
    private final RepositoryStore repositories;
    private final GitRepositories git;
    private final RunContexts contexts;
    private final RunProgress progress;
    private final Transactions transactions;
    private final Clock clock;
    private final RunPolicy policy;

    public RunTriggers(WorkflowFiles files, WorkflowStore workflows, WorkflowScheduleStore schedules, RunStore runs, JobStore jobs,
            RepositoryStore repositories, GitRepositories git, RunContexts contexts, RunProgress progress, Transactions transactions,
            Clock clock, RunPolicy policy) {
        this.files = Objects.requireNonNull(files, "files");
        this.workflows = Objects.requireNonNull(workflows, "workflows");
        this.schedules = Objects.requireNonNull(schedules, "schedules");
        this.runs = Objects.requireNonNull(runs, "runs");
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.repositories = Objects.requireNonNull(repositories, "repositories");
        this.git = Objects.requireNonNull(git, "git");
        this.contexts = Objects.requireNonNull(contexts, "contexts");
        this.progress = Objects.requireNonNull(progress, "progress");
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /** Starts runs for every push and every completed run ({@code workflow_run}) published on {@code events}. */
    public void subscribeTo(EventBus events) {
        events.subscribe(PushEvent.class, this::push);
        events.subscribe(RunCompleted.class, this::runCompleted);
    }

    /**
     * The {@code workflow_run} runs a completed run starts: workflows of the default branch's head
     * listening to its workflow's name. As on GitHub, chains stop after three levels, and a
     * startup failure starts nothing.
     */
    public List<WorkflowRun> runCompleted(RunCompleted completed) {
        Optional<WorkflowRun> finished = runs.findById(completed.runId());
        Optional<Repository> repository = repositories.findById(completed.repositoryId());
        if (finished.isEmpty() || repository.isEmpty() || finished.get().conclusion() == Conclusion.STARTUP_FAILURE
                || !policy.actionsEnabled(repository.get().id())
                || chainDepth(finished.get()) >= MAXIMUM_WORKFLOW_RUN_CHAIN) {
            return List.of();
        }
        String ref = "refs/heads/" + repository.get().defaultBranch();
        Optional<String> sha = git.resolve(repository.get().id(), ref);
        if (sha.isEmpty()) {
            return List.of();
        }
        WorkflowRun run = finished.get();
        Trigger trigger = new Trigger.WorkflowRun(ref, run.name(), "completed", run.headBranch());
        ObjectNode payload = JSON.objectNode().put("action", "completed");
        ObjectNode workflowRun = payload.putObject("workflow_run");
        workflowRun.put("id", run.id());
        workflowRun.put("name", run.name());
        workflowRun.put("head_sha", run.headSha());
        workflowRun.put("head_branch", run.headBranch());
        workflowRun.put("event", run.event());
        workflowRun.put("run_number", run.runNumber());
        workflowRun.put("run_attempt", run.runAttempt());
        workflowRun.put("conclusion", run.conclusion() == null ? null : run.conclusion().value());
        List<WorkflowRun> started = new ArrayList<>();
        for (WorkflowFiles.Discovered discovered : files.discover(repository.get().id(), sha.get())) {
            Optional<WorkflowDefinition> definition = discovered.compiled().definition();
            if (discovered.workflow().state() == WorkflowState.ACTIVE && definition.isPresent()
                    && definition.get().triggers().matches(trigger)) {
                started.add(start(discovered.workflow(), definition.get(),
                        new Event(trigger, sha.get(), run.actorId(), payload, JSON.objectNode(), null)));
            }
        }
        return List.copyOf(started);
    }

    /** How many {@code workflow_run} runs led to this one. */
    private int chainDepth(WorkflowRun run) {
        int depth = 0;
        WorkflowRun current = run;
        while (current.event().equals("workflow_run") && depth < MAXIMUM_WORKFLOW_RUN_CHAIN) {
            depth++;
            long parent = current.eventPayload().path("workflow_run").path("id").asLong(0);
            Optional<WorkflowRun> found = runs.findById(parent);
            if (found.isEmpty()) {
                break;
            }
            current = found.get();
        }
        return depth;
    }

    /** The runs a push starts: one per active workflow of the pushed commit whose triggers match (none for a deleted ref). */
    public List<WorkflowRun> push(PushEvent push) {
        if (push.deleted()) {
            return List.of();
        }
        Set<String> changed = new TreeSet<>();
        for (PushedCommit commit : push.commits()) {
            changed.addAll(commit.added());
            changed.addAll(commit.removed());
            changed.addAll(commit.modified());
        }
        Trigger trigger = new Trigger.Push(push.ref(), List.copyOf(changed));
        String title = push.commits().isEmpty() ? null : firstLine(push.commits().getLast().message());
        ObjectNode payload = pushPayload(push);
        List<WorkflowRun> started = new ArrayList<>();
        List<WorkflowFiles.Discovered> found = files.discover(push.repositoryId(), push.after());
        recordSchedules(push, found);
        if (!policy.actionsEnabled(push.repositoryId())) {
            return List.of();
        }
        for (WorkflowFiles.Discovered discovered : found) {
            Workflow workflow = discovered.workflow();
            if (workflow.state() != WorkflowState.ACTIVE) {
                continue;
            }
            Event event = new Event(trigger, push.after(), push.pusherId(), payload, JSON.objectNode(), title);
            Optional<WorkflowDefinition> definition = discovered.compiled().definition();
            if (definition.isEmpty()) {
                started.add(startupFailure(workflow, discovered.compiled(), event));
            } else if (definition.get().triggers().matches(trigger)) {
                started.add(start(workflow, definition.get(), event));
            }
        }
        return List.copyOf(started);
    }

    /**
     * Runs {@code workflow_dispatch} for the workflow file at {@code ref}, with inputs checked
     * against its declarations and typed (booleans as booleans, numbers as numbers).
     *
     * @throws GantryException VALIDATION_FAILED when the ref does not exist, the workflow has no
     *     {@code workflow_dispatch} trigger or is invalid, or the inputs do not fit
     */
    public WorkflowRun dispatch(Workflow workflow, String ref, Map<String, String> inputs, long actorId) {
        if (!policy.actionsEnabled(workflow.repositoryId())) {
            throw GantryException.invalid(ACTIONS_DISABLED);
        }
        String fullRef;
        String sha;
        WorkflowFiles.Discovered discovered;
        // One open for the dispatch's three reads: opening a repository reads its config, refs and pack list.
        try (GitRepositories.Reader reader = git.reader(workflow.repositoryId())) {
            fullRef = fullRef(reader, ref);
            sha = reader.resolve(fullRef).orElseThrow(() -> GantryException.invalid("No ref found for: " + ref));
            discovered = files.read(reader, workflow.repositoryId(), sha, workflow.path())
                    .orElseThrow(() -> GantryException.invalid("Workflow does not have 'workflow_dispatch' trigger"));
        }
        Trigger trigger = new Trigger.WorkflowDispatch(fullRef, inputs);
        WorkflowDefinition definition = discovered.compiled().definition()
                .filter(found -> found.triggers().matches(trigger))
                .orElseThrow(() -> GantryException.invalid("Workflow does not have 'workflow_dispatch' trigger"));
        if (discovered.workflow().state() != WorkflowState.ACTIVE) {
            throw new GantryException(ErrorCategory.FORBIDDEN, "Cannot trigger a 'workflow_dispatch' on a disabled workflow");
        }
        ObjectNode typedInputs = dispatchInputs(definition.dispatchInputs(), inputs);
        ObjectNode payload = JSON.objectNode();
        payload.put("ref", fullRef);
        // GitHub's payload holds the inputs as strings; only the inputs context keeps booleans and numbers.
        ObjectNode eventInputs = payload.putObject("inputs");
        typedInputs.properties().forEach(input -> eventInputs.put(input.getKey(), input.getValue().asText()));
        payload.put("workflow", workflow.path());
        return start(discovered.workflow(), definition, new Event(trigger, sha, actorId, payload, typedInputs, null));
    }

    /**
     * Runs every active workflow of the default branch's head that listens to
     * {@code repository_dispatch} with this {@code event_type}.
     */
    public List<WorkflowRun> repositoryDispatch(long repositoryId, String eventType, JsonNode clientPayload, long actorId) {
        Repository repository = repositories.findById(repositoryId).orElseThrow(GantryException::notFound);
        if (!policy.actionsEnabled(repositoryId)) {
            return List.of();
        }
        String ref = "refs/heads/" + repository.defaultBranch();
        Optional<String> sha = git.resolve(repositoryId, ref);
        if (sha.isEmpty()) {
            return List.of();
        }
        JsonNode payloadOfClient = clientPayload == null ? JSON.objectNode() : clientPayload;
        Trigger trigger = new Trigger.RepositoryDispatch(ref, eventType, payloadOfClient);
        ObjectNode payload = JSON.objectNode();
        payload.put("action", eventType);
        payload.put("branch", repository.defaultBranch());
        payload.set("client_payload", payloadOfClient.deepCopy());
        List<WorkflowRun> started = new ArrayList<>();
        for (WorkflowFiles.Discovered discovered : files.discover(repositoryId, sha.get())) {
            Optional<WorkflowDefinition> definition = discovered.compiled().definition();
            if (discovered.workflow().state() == WorkflowState.ACTIVE && definition.isPresent()
                    && definition.get().triggers().matches(trigger)) {
                started.add(start(discovered.workflow(), definition.get(),
                        new Event(trigger, sha.get(), actorId, payload, JSON.objectNode(), eventType)));
            }
        }
        return List.copyOf(started);
    }

    /**
     * Starts the runs of every schedule that is due, each once even with several nodes calling
     * this: a schedule is moved on to its next minute before its run starts, and only the node
     * whose move succeeds starts it. Call about every half minute.
     */
    public List<WorkflowRun> runDueSchedules() {
        Instant now = clock.instant();
        List<WorkflowRun> started = new ArrayList<>();
        for (WorkflowSchedule due : schedules.listDue(now, DUE_SCHEDULES_PER_CALL)) {
            Instant next = Cron.parse(due.cron()).nextAfter(now).orElse(now.plus(NEVER));
            if (!schedules.moveOn(due.workflowId(), due.cron(), due.nextRunAt(), next)) {
                continue;
            }
            try {
                startScheduled(due).ifPresent(started::add);
            } catch (RuntimeException e) {
                // One broken repository must not stop the others' schedules.
                LOG.error("Starting the scheduled run of workflow {} ({}) failed", due.workflowId(), due.cron(), e);
            }
        }
        return List.copyOf(started);
    }

    private Optional<WorkflowRun> startScheduled(WorkflowSchedule due) {
        Optional<Workflow> workflow = workflows.findById(due.workflowId()).filter(found -> found.state() == WorkflowState.ACTIVE);
        Optional<Repository> repository = workflow.flatMap(found -> repositories.findById(found.repositoryId()));
        if (workflow.isEmpty() || repository.isEmpty() || !policy.actionsEnabled(repository.get().id())) {
            return Optional.empty();
        }
        String ref = "refs/heads/" + repository.get().defaultBranch();
        Optional<String> sha = git.resolve(repository.get().id(), ref);
        Trigger trigger = new Trigger.Schedule(ref, due.cron());
        Optional<WorkflowFiles.Discovered> discovered = sha.flatMap(head -> files.read(repository.get().id(), head, workflow.get().path()));
        Optional<WorkflowDefinition> definition = discovered.flatMap(found -> found.compiled().definition())
                .filter(found -> found.triggers().matches(trigger));
        if (definition.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode payload = JSON.objectNode().put("schedule", due.cron());
        // GitHub's scheduled runs act as the user who last changed the cron; the owner stands in.
        return Optional.of(start(discovered.get().workflow(), definition.get(),
                new Event(trigger, sha.get(), repository.get().ownerId(), payload, JSON.objectNode(), null)));
    }

    /** A push to the default branch replaces the repository's schedules with those of its workflows. */
    private void recordSchedules(PushEvent push, List<WorkflowFiles.Discovered> found) {
        Optional<Repository> repository = repositories.findById(push.repositoryId());
        if (repository.isEmpty() || !push.ref().equals("refs/heads/" + repository.get().defaultBranch())) {
            return;
        }
        Instant now = clock.instant();
        List<WorkflowSchedule> crons = new ArrayList<>();
        for (WorkflowFiles.Discovered discovered : found) {
            for (Cron cron : discovered.compiled().definition().map(WorkflowDefinition::schedules).orElse(List.of())) {
                cron.nextAfter(now).ifPresent(next -> crons.add(new WorkflowSchedule(discovered.workflow().id(), cron.text(), next)));
            }
        }
        schedules.replaceForRepository(push.repositoryId(), crons);
    }

    /**
     * What started a run.
     *
     * @param title the display title when the workflow has no {@code run-name}; null for the workflow's name
     */
    private record Event(Trigger trigger, String sha, long actorId, ObjectNode payload, ObjectNode inputs, String title) {
    }

    private WorkflowRun start(Workflow workflow, WorkflowDefinition definition, Event event) {
        ObjectNode runContexts = runContexts(workflow, event);
        List<JobDefinition> planned = definition.jobs().plan(runContexts);
        List<String> used = new ArrayList<>(actionsUsed(planned));
        // Called workflows, and the actions their steps use, are held to the same policy, as on GitHub.
        used.addAll(definition.calls().actionsUsed());
        Optional<String> refused = policy.refusal(workflow.repositoryId(), used);
        if (refused.isPresent()) {
            String title = event.title() == null ? workflow.path() : event.title();
            return transactions.inTransaction(() -> runs.create(
                    newRun(workflow, event, title, RunStatus.COMPLETED, Conclusion.STARTUP_FAILURE, refused.get(), null)));
        }
        Optional<ConcurrencyGroup> concurrency = definition.concurrency().evaluate(runContexts);
        List<Long> toCancel = new ArrayList<>();
        WorkflowRun run = transactions.inTransaction(() -> {
            // At most one run of a group runs and one waits: a new run replaces the waiting one,
            // and waits itself while another runs (cancel-in-progress cancels that one too).
            RunConcurrency entry = concurrency
                    .map(found -> RunConcurrency.enter(runs, workflow.repositoryId(), 0, found.group(), found.cancelInProgress()))
                    .orElse(RunConcurrency.NONE);
            toCancel.addAll(entry.toCancel());
            WorkflowRun created = runs.create(newRun(workflow, event, displayTitle(workflow, definition, event, runContexts),
                    entry.waits() ? RunStatus.PENDING : RunStatus.QUEUED, null, null,
                    concurrency.map(ConcurrencyGroup::group).orElse(null)));
            Instant now = clock.instant();
            PlannedJobs rows = PlannedJobs.top(jobs, created.id(), created.runAttempt(), created.repositoryId());
            planned.forEach(job -> rows.create(job, now));
            return created;
        });
        policy.runCreated(run);
        toCancel.forEach(progress::cancel);
        progress.advance(run.id());
        return runs.findById(run.id()).orElseThrow();
    }

    /** The {@code uses:} of every step of the planned jobs, in order. */
    private static List<String> actionsUsed(List<JobDefinition> planned) {
        List<String> uses = new ArrayList<>();
        for (JobDefinition job : planned) {
            job.body().path("steps").forEach(step -> {
                if (step.path("uses").isTextual()) {
                    uses.add(step.path("uses").asText());
                }
            });
        }
        return uses;
    }

    private WorkflowRun startupFailure(Workflow workflow, CompiledWorkflow compiled, Event event) {
        StringBuilder message = new StringBuilder("Invalid workflow file: ").append(workflow.path());
        for (String error : compiled.errors()) {
            // GitHub words errors found while following reusable-workflow calls on their own.
            message.append(error.startsWith(CompiledWorkflow.CALL_ERROR_PREFIX) ? "\n" : "\nThe workflow is not valid. ").append(error);
        }
        String title = event.title() == null ? workflow.path() : event.title();
        return transactions.inTransaction(() -> runs.create(
                newRun(workflow, event, title, RunStatus.COMPLETED, Conclusion.STARTUP_FAILURE, message.toString(), null)));
    }

    private NewRun newRun(Workflow workflow, Event event, String displayTitle, RunStatus status, Conclusion conclusion,
            String failureMessage, String concurrencyGroup) {
        String ref = event.trigger().ref();
        String headBranch = ref.startsWith("refs/heads/") || ref.startsWith("refs/tags/") ? RunContexts.refName(ref) : null;
        return new NewRun(workflow.repositoryId(), workflow.id(), workflows.nextRunNumber(workflow.id()), workflow.name(),
                displayTitle, event.trigger().eventName(), event.sha(), headBranch, ref, event.actorId(), event.inputs(),
                event.payload(), status, conclusion, failureMessage, concurrencyGroup, clock.instant());
    }

    /**
     * The contexts a run's {@code run-name} and job plans may use, before the run exists (so
     * {@code github.run_id} is 0): {@code github}, {@code inputs}, {@code vars}.
     */
    private ObjectNode runContexts(Workflow workflow, Event event) {
        Instant now = clock.instant();
        WorkflowRun draft = new WorkflowRun(0, workflow.repositoryId(), workflow.id(), 0, 1, workflow.name(), workflow.name(),
                event.trigger().eventName(), event.sha(), null, event.trigger().ref(), event.actorId(), event.actorId(),
                event.inputs(), event.payload(), RunStatus.QUEUED, null, null, null, now, now, now);
        ObjectNode runContexts = JSON.objectNode();
        runContexts.set("github", contexts.github(draft, workflow, event.payload()));
        runContexts.set("inputs", event.inputs().deepCopy());
        runContexts.set("vars", contexts.vars(workflow.repositoryId(), OptionalLong.empty()));
        return runContexts;
    }

    /** {@code run-name} evaluated; else the event's title, else the workflow's name. */
    private String displayTitle(Workflow workflow, WorkflowDefinition definition, Event event, ObjectNode runContexts) {
        String fallback = event.title() == null || event.title().isBlank() ? workflow.name() : event.title();
        if (definition.runName() == null) {
            return fallback;
        }
        try {
            EvaluationContext context = EvaluationContext.fromJson(runContexts, dev.gantry.workflow.expression.ExpressionFunctions.NONE);
            String title = Template.parse(definition.runName(), RUN_NAME_SCOPE).evaluateToString(context);
            return title.isBlank() ? fallback : title;
        } catch (ExpressionException e) {
            return fallback;
        }
    }

    /** Checks the given inputs against the declarations and types them; defaults fill what is missing. */
    static ObjectNode dispatchInputs(Map<String, DispatchInput> declared, Map<String, String> given) {
        // Sorted, so the message does not depend on the order of a map.
        Set<String> unexpected = new TreeSet<>(given.keySet());
        unexpected.removeAll(declared.keySet());
        if (!unexpected.isEmpty()) {
            throw GantryException.invalid("Unexpected inputs provided: " + unexpected.stream()
                    .map(name -> "\"" + name + "\"").toList().toString().replace(", ", ","));
        }
        ObjectNode typed = JSON.objectNode();
        for (DispatchInput input : declared.values()) {
            String value = given.containsKey(input.name()) ? given.get(input.name()) : input.defaultValue();
            if (value == null || value.isEmpty() && !given.containsKey(input.name())) {
                if (input.required()) {
                    throw GantryException.invalid("Required input '" + input.name() + "' not provided");
                }
                value = input.type() == DispatchInput.Type.BOOLEAN ? "false" : "";
            }
            switch (input.type()) {
                case BOOLEAN -> {
                    String lower = value.toLowerCase(Locale.ROOT);
                    if (!lower.equals("true") && !lower.equals("false")) {
                        throw GantryException.invalid("Provided value '" + value + "' for input '" + input.name()
                                + "' is not a valid boolean");
                    }
                    typed.put(input.name(), Boolean.parseBoolean(lower));
                }
                case NUMBER -> {
                    if (value.isEmpty()) {
                        typed.put(input.name(), "");
                    } else {
                        try {
                            typed.put(input.name(), new BigDecimal(value.strip()));
                        } catch (NumberFormatException e) {
                            throw GantryException.invalid("Provided value '" + value + "' for input '" + input.name()
                                    + "' is not a valid number");
                        }
                    }
                }
                case CHOICE -> {
                    if (!value.isEmpty() && !input.options().contains(value)) {
                        throw GantryException.invalid("Provided value '" + value + "' for input '" + input.name()
                                + "' not in the list of allowed values");
                    }
                    typed.put(input.name(), value);
                }
                case STRING, ENVIRONMENT -> typed.put(input.name(), value);
            }
        }
        return typed;
    }

    private static String fullRef(GitRepositories.Reader reader, String ref) {
        if (ref == null || ref.isBlank()) {
            throw GantryException.invalid("Validation Failed", dev.gantry.engine.FieldError.missingField("Workflow", "ref"));
        }
        if (ref.startsWith("refs/")) {
            return ref;
        }
        // GitHub accepts a branch or a tag name; a branch wins when both exist.
        if (reader.resolve("refs/heads/" + ref).isPresent()) {
            return "refs/heads/" + ref;
        }
        if (reader.resolve("refs/tags/" + ref).isPresent()) {
            return "refs/tags/" + ref;
        }
        throw GantryException.invalid("No ref found for: " + ref);
    }

    private static ObjectNode pushPayload(PushEvent push) {
        ObjectNode payload = JSON.objectNode();
        payload.put("ref", push.ref());
        payload.put("before", push.before());
        payload.put("after", push.after());
        payload.put("created", push.created());
        payload.put("deleted", push.deleted());
        payload.put("forced", push.forced());
        if (!push.commits().isEmpty()) {
            PushedCommit head = push.commits().getLast();
            ObjectNode headCommit = payload.putObject("head_commit");
            headCommit.put("id", head.id());
            headCommit.put("message", head.message());
            headCommit.put("timestamp", head.timestamp().toString());
        }
        return payload;
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip();
    }
}
