package dev.gantry.engine.workflows;

import dev.gantry.engine.git.GitRepositories;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds the workflow files of a commit ({@code .github/workflows/*.yml} and {@code *.yaml}, not in
 * subdirectories, as GitHub reads them), compiles each and records it as a {@link Workflow}.
 */
public final class WorkflowFiles {
    public static final String DIRECTORY = ".github/workflows";

    private final GitRepositories git;
    private final WorkflowStore workflows;
    private final WorkflowCompiler compiler;
    private final Clock clock;

    public WorkflowFiles(GitRepositories git, WorkflowStore workflows, WorkflowCompiler compiler, Clock clock) {
        this.git = Objects.requireNonNull(git, "git");
        this.workflows = Objects.requireNonNull(workflows, "workflows");
        this.compiler = Objects.requireNonNull(compiler, "compiler");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A workflow file at a commit: its record and what compiling it gave. */
    public record Discovered(Workflow workflow, CompiledWorkflow compiled) {
        public Discovered {
            Objects.requireNonNull(workflow, "workflow");
            Objects.requireNonNull(compiled, "compiled");
        }
    }

    /** Every workflow file at {@code commitSha}, recorded (new ones as active, names refreshed), in path order. */
    public List<Discovered> discover(long repositoryId, String commitSha) {
        List<Discovered> found = new ArrayList<>();
        for (String path : git.listFiles(repositoryId, commitSha, DIRECTORY).stream().sorted().toList()) {
            if (isWorkflowFile(path)) {
                read(repositoryId, commitSha, path).ifPresent(found::add);
            }
        }
        return List.copyOf(found);
    }

    /** The workflow file at {@code path} in {@code commitSha}, recorded; empty when the commit has no such file. */
    public Optional<Discovered> read(long repositoryId, String commitSha, String path) {
        return git.readFile(repositoryId, commitSha, path).map(bytes -> {
            CompiledWorkflow compiled = compiler.compile(path, new String(bytes, StandardCharsets.UTF_8));
            Workflow workflow = workflows.upsert(repositoryId, path, compiled.name().orElse(path), clock.instant());
            return new Discovered(workflow, compiled);
        });
    }

    static boolean isWorkflowFile(String path) {
        return path.endsWith(".yml") || path.endsWith(".yaml");
    }
}
