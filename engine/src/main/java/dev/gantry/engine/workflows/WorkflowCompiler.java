package dev.gantry.engine.workflows;

/**
 * Turns a workflow file into what the engine runs: the one seam between the engine and the YAML
 * parser/planner of the {@code workflow} module, so the engine's records do not follow every
 * change of the parser's model, and use-case tests can supply definitions without YAML.
 * Implementations are pure (no I/O) and thread-safe.
 */
@FunctionalInterface
public interface WorkflowCompiler {
    /**
     * @param path the file's path in the repository, {@code .github/workflows/ci.yml}
     * @param yaml the file's text
     */
    CompiledWorkflow compile(String path, String yaml);

    /**
     * Compiles a workflow whose jobs may call reusable workflows, read from {@code calledWorkflows}
     * (the only I/O, and the caller's); a compiler that does not expand calls ignores it.
     */
    default CompiledWorkflow compile(String path, String yaml, CalledWorkflowSource calledWorkflows) {
        return compile(path, yaml);
    }
}
