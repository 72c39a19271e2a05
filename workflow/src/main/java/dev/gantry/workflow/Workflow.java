package dev.gantry.workflow;

import dev.gantry.workflow.template.TemplateToken;
import dev.gantry.workflow.template.TemplateToken.MappingToken;
import dev.gantry.workflow.trigger.Triggers;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A checked workflow file. Values that may hold expressions are kept as {@link TemplateToken}s
 * to be evaluated when the run or job needs them ({@code run-name} when the run is created,
 * {@code runs-on} when the job is queued …); literal-only parts are plain Java values.
 *
 * @param name the {@code name:} (a literal string), else empty
 * @param runName the {@code run-name:} template
 * @param triggers the {@code on:} events and their filters
 * @param permissions the workflow's {@code GITHUB_TOKEN} permissions
 * @param env the workflow's {@code env:}
 * @param defaults the workflow's {@code defaults:} ({@code run.shell}, {@code run.working-directory})
 * @param concurrency the workflow's {@code concurrency:} (a string or a group mapping)
 * @param jobs the jobs in file order
 */
public record Workflow(
        String fileName,
        Optional<String> name,
        Optional<TemplateToken> runName,
        Triggers triggers,
        Optional<Permissions> permissions,
        Optional<MappingToken> env,
        Optional<MappingToken> defaults,
        Optional<TemplateToken> concurrency,
        List<WorkflowJob> jobs) {
    public Workflow {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(runName, "runName");
        Objects.requireNonNull(triggers, "triggers");
        Objects.requireNonNull(permissions, "permissions");
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(defaults, "defaults");
        Objects.requireNonNull(concurrency, "concurrency");
        jobs = List.copyOf(jobs);
    }

    /** The job with id {@code id} (ids are case-insensitive on GitHub), if any. */
    public Optional<WorkflowJob> job(String id) {
        return jobs.stream().filter(job -> job.id().equalsIgnoreCase(id)).findFirst();
    }
}
