package dev.gantry.engine.workflows;

import dev.gantry.engine.Remembered;
import dev.gantry.engine.git.GitBlob;
import dev.gantry.engine.git.GitRepositories;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the workflow files of a commit ({@code .github/workflows/*.yml} and {@code *.yaml}, not in
 * subdirectories, as GitHub reads them), compiles each and records it as a {@link Workflow}.
 */
public final class WorkflowFiles {
    public static final String DIRECTORY = ".github/workflows";
    private static final Logger LOG = LoggerFactory.getLogger(WorkflowFiles.class);
    /** Compiled workflows kept; each is a few tens of KB, and a server dispatches a few workflows over and over. */
    private static final int REMEMBERED_WORKFLOWS = 256;

    private final GitRepositories git;
    private final WorkflowStore workflows;
    private final WorkflowCompiler compiler;
    private final CalledWorkflowFiles calledWorkflows;
    private final Clock clock;
    /**
     * Compiled workflows by path and blob id. Compiling depends on nothing else unless the file
     * calls reusable workflows (whose files are read at the commit, or at a ref that moves), and
     * such compilations are not kept; the blob id is the content's hash, so an entry is right on
     * every node and after every push. Compiling was a third of a one-job dispatch's CPU.
     */
    private final Map<CompileKey, CompiledWorkflow> compiled = Remembered.atMost(REMEMBERED_WORKFLOWS);

    private record CompileKey(String path, String blobId) {}

    /** @param calledWorkflows where called reusable workflows are read, or null to leave calls unexpanded */
    public WorkflowFiles(GitRepositories git, WorkflowStore workflows, WorkflowCompiler compiler, CalledWorkflowFiles calledWorkflows,
            Clock clock) {
        this.git = Objects.requireNonNull(git, "git");
        this.workflows = Objects.requireNonNull(workflows, "workflows");
        this.compiler = Objects.requireNonNull(compiler, "compiler");
        this.calledWorkflows = calledWorkflows;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Workflow files whose calls of reusable workflows stay unexpanded. */
    public WorkflowFiles(GitRepositories git, WorkflowStore workflows, WorkflowCompiler compiler, Clock clock) {
        this(git, workflows, compiler, null, clock);
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
        try (GitRepositories.Reader reader = git.reader(repositoryId)) {
            List<Discovered> found = new ArrayList<>();
            for (String path : reader.listFiles(commitSha, DIRECTORY).stream().sorted().toList()) {
                if (isWorkflowFile(path)) {
                    read(reader, repositoryId, commitSha, path).ifPresent(found::add);
                }
            }
            return List.copyOf(found);
        }
    }

    /** The workflow file at {@code path} in {@code commitSha}, recorded; empty when the commit has no such file. */
    public Optional<Discovered> read(long repositoryId, String commitSha, String path) {
        try (GitRepositories.Reader reader = git.reader(repositoryId)) {
            return read(reader, repositoryId, commitSha, path);
        }
    }

    /** {@link #read(long, String, String)} through a repository the caller opened for its other reads too. */
    public Optional<Discovered> read(GitRepositories.Reader reader, long repositoryId, String commitSha, String path) {
        return reader.readBlob(commitSha, path).map(blob -> {
            CompiledWorkflow compiled = compiled(repositoryId, commitSha, path, blob);
            Workflow workflow = workflows.upsert(repositoryId, path, compiled.name().orElse(path), clock.instant());
            return new Discovered(workflow, compiled);
        });
    }

    private CompiledWorkflow compiled(long repositoryId, String commitSha, String path, GitBlob blob) {
        CompileKey key = new CompileKey(path, blob.id());
        CompiledWorkflow remembered = compiled.get(key);
        if (remembered != null) {
            return remembered;
        }
        CalledWorkflowSource source = calledWorkflows == null ? CalledWorkflowSource.NONE : calledWorkflows.forCommit(repositoryId, commitSha);
        boolean[] calls = {false};
        CompiledWorkflow fresh = compile(path, new String(blob.content(), StandardCharsets.UTF_8), reference -> {
            calls[0] = true;
            return source.fetch(reference);
        });
        if (!calls[0]) {
            compiled.put(key, fresh);
        }
        return fresh;
    }

    /**
     * A compiler failure is a bug, but it must not keep a push from starting the repository's other
     * workflows: the file is reported invalid, and the failure logged.
     */
    private CompiledWorkflow compile(String path, String yaml, CalledWorkflowSource called) {
        try {
            return compiler.compile(path, yaml, called);
        } catch (RuntimeException e) {
            LOG.error("Compiling {} failed", path, e);
            return CompiledWorkflow.invalid(Optional.empty(), List.of(path + ": An internal error occurred while reading the workflow"));
        }
    }

    static boolean isWorkflowFile(String path) {
        return path.endsWith(".yml") || path.endsWith(".yaml");
    }
}
