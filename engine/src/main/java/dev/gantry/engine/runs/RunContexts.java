package dev.gantry.engine.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.engine.identity.Account;
import dev.gantry.engine.identity.AccountStore;
import dev.gantry.engine.repository.Repository;
import dev.gantry.engine.repository.RepositoryStore;
import dev.gantry.engine.variables.Variables;
import dev.gantry.engine.workflows.Workflow;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Builds the expression contexts the server knows: {@code github} for a run, {@code needs} from
 * the jobs a job waits for. One place, so a job's {@code if:}, its {@code run-name} and the job
 * message a runner receives all see the same values.
 */
public final class RunContexts {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final RepositoryStore repositories;
    private final AccountStore accounts;
    private final Variables variables;

    public RunContexts(RepositoryStore repositories, AccountStore accounts, Variables variables) {
        this.repositories = Objects.requireNonNull(repositories, "repositories");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.variables = Objects.requireNonNull(variables, "variables");
    }

    /**
     * The contexts of one job as its runner receives them, and as the server evaluates the job's
     * {@code timeout-minutes}: {@code github} (with {@code job}), {@code needs}, {@code inputs},
     * {@code matrix}, {@code strategy}, {@code vars} (without the environment's: {@code JobQueue} adds
     * those once it knows the job's environment).
     */
    public ObjectNode job(Job job, WorkflowRun run, Workflow workflow, List<Job> attemptJobs) {
        ObjectNode github = github(run, workflow, run.eventPayload());
        github.put("job", job.key());
        ObjectNode context = JSON.objectNode();
        context.set("github", github);
        context.set("needs", needs(job.needs(), attemptJobs));
        context.set("inputs", run.inputs());
        context.set("matrix", job.matrix() == null ? JSON.objectNode() : job.matrix().deepCopy());
        ObjectNode strategy = context.putObject("strategy");
        strategy.put("fail-fast", job.strategy().failFast());
        strategy.put("job-index", job.strategy().jobIndex());
        strategy.put("job-total", job.strategy().jobTotal());
        strategy.put("max-parallel", job.strategy().maxParallel() > 0 ? job.strategy().maxParallel() : job.strategy().jobTotal());
        context.set("vars", vars(run.repositoryId(), OptionalLong.empty()));
        return context;
    }

    /**
     * The {@code vars} context: the organization's, repository's and (for a job that names one)
     * environment's variables, a later level winning a clash. Read when needed, so a variable changed
     * between two jobs of a run reaches the second, as on GitHub.
     */
    public ObjectNode vars(long repositoryId, OptionalLong environmentId) {
        ObjectNode vars = JSON.objectNode();
        variables.forJob(repositoryId, environmentId).forEach(vars::put);
        return vars;
    }

    /** The repository's {@code owner/name}; empty text for a repository that is gone. */
    public String fullName(long repositoryId) {
        return repositories.findById(repositoryId)
                .map(repository -> login(repository.ownerId()) + "/" + repository.name())
                .orElse("");
    }

    /**
     * The {@code github} context of a run (or of one about to be created, whose id is 0).
     *
     * @param event the event payload ({@code github.event})
     */
    public ObjectNode github(WorkflowRun run, Workflow workflow, JsonNode event) {
        Repository repository = repositories.findById(run.repositoryId()).orElse(null);
        String owner = repository == null ? "" : login(repository.ownerId());
        String fullName = repository == null ? "" : owner + "/" + repository.name();
        ObjectNode github = JSON.objectNode();
        github.put("event_name", run.event());
        github.set("event", event == null ? JSON.objectNode() : event.deepCopy());
        github.put("repository", fullName);
        github.put("repository_id", String.valueOf(run.repositoryId()));
        github.put("repository_owner", owner);
        github.put("ref", run.ref());
        github.put("ref_name", refName(run.ref()));
        github.put("ref_type", run.ref().startsWith("refs/tags/") ? "tag" : "branch");
        github.put("sha", run.headSha());
        github.put("run_id", String.valueOf(run.id()));
        github.put("run_number", String.valueOf(run.runNumber()));
        github.put("run_attempt", String.valueOf(run.runAttempt()));
        github.put("actor", login(run.actorId()));
        github.put("actor_id", String.valueOf(run.actorId()));
        github.put("triggering_actor", login(run.triggeringActorId()));
        github.put("workflow", workflow.name());
        github.put("workflow_ref", fullName + "/" + workflow.path() + "@" + run.ref());
        github.put("workflow_sha", run.headSha());
        if (repository != null) {
            github.put("repository_visibility", repository.visibility().name().toLowerCase(java.util.Locale.ROOT));
        }
        return github;
    }

    /** The {@code needs} context of a job: for each needed job key, its {@code result} and {@code outputs}. */
    public static ObjectNode needs(List<String> needs, List<Job> attemptJobs) {
        ObjectNode context = JSON.objectNode();
        for (String key : needs) {
            List<Job> legs = attemptJobs.stream().filter(job -> job.key().equals(key)).toList();
            ObjectNode need = context.putObject(key);
            need.put("result", result(legs));
            ObjectNode outputs = need.putObject("outputs");
            // With a matrix, GitHub keeps the outputs of whichever leg set them last.
            for (Job leg : legs) {
                leg.outputs().forEach(outputs::put);
            }
        }
        return context;
    }

    /**
     * A needed job's {@code result}: failure before cancelled before skipped, else success. A leg
     * with {@code continue-on-error: true} that failed counts as a success here, as on GitHub
     * (its own conclusion still says failure; actions/runner#1161).
     */
    static String result(List<Job> legs) {
        if (legs.stream().anyMatch(job -> !job.continueOnError()
                && (job.conclusion() == Conclusion.FAILURE || job.conclusion() == Conclusion.TIMED_OUT))) {
            return "failure";
        }
        if (legs.stream().anyMatch(job -> job.conclusion() == Conclusion.CANCELLED)) {
            return "cancelled";
        }
        if (!legs.isEmpty() && legs.stream().allMatch(job -> job.conclusion() == Conclusion.SKIPPED)) {
            return "skipped";
        }
        return "success";
    }

    /** {@code refs/heads/main} → {@code main}, {@code refs/tags/v1} → {@code v1}; other refs unchanged. */
    public static String refName(String ref) {
        for (String prefix : new String[] {"refs/heads/", "refs/tags/"}) {
            if (ref.startsWith(prefix)) {
                return ref.substring(prefix.length());
            }
        }
        return ref;
    }

    private String login(long accountId) {
        return accounts.findById(accountId).map(Account::login).orElse("ghost");
    }
}
