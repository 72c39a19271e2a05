package dev.gantry.workflow;

import dev.gantry.workflow.template.TemplateErrors;
import dev.gantry.workflow.template.TemplateReader;
import dev.gantry.workflow.template.TemplateToken;
import dev.gantry.workflow.template.TemplateToken.MappingToken;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads a workflow file as GitHub does: YAML 1.2 (so {@code on} is a key, not {@code true}),
 * checked against GitHub's workflow schema (keys, types, where expressions may appear and which
 * contexts they may use), then GitHub's semantic checks (job and step ids, {@code needs},
 * matrices, containers, reusable-workflow calls). Errors carry GitHub's messages and positions.
 * Pure and thread-safe.
 *
 * <pre>{@code
 * ParsedWorkflow parsed = WorkflowParser.parse(".github/workflows/ci.yml", yaml);
 * if (!parsed.isValid()) {
 *     parsed.errors().forEach(error -> System.err.println(error.formatted()));
 * }
 * }</pre>
 */
public final class WorkflowParser {
    private WorkflowParser() {
    }

    /**
     * Limits and switches. The defaults are GitHub's: files up to 1 MiB of characters, nesting up
     * to 50 levels, 1,000,000 YAML events; called reusable workflows are not read (set a source
     * and a depth to expand them).
     *
     * @param maximumFileSize the most characters a file may have
     * @param maximumDepth the deepest nesting of mappings and sequences
     * @param maximumEvents the most YAML nodes a file may have (bounds time and memory)
     * @param allowBackgroundSteps accept GitHub's experimental {@code background}/{@code wait} steps
     * @param reusableWorkflows where to find called workflows
     * @param reusableWorkflowDepth how many levels of called workflows to expand (0: none; with a
     *     source, a call deeper than this is an error)
     * @param defaultPermissions the repository's default {@code GITHUB_TOKEN} permissions, which
     *     bound what a called workflow may ask for when the caller sets none
     *     ({@link Permissions#WRITE_ALL} by default, GitHub's "permissive" setting)
     */
    public record Options(int maximumFileSize, int maximumDepth, int maximumEvents, boolean allowBackgroundSteps,
                          ReusableWorkflows reusableWorkflows, int reusableWorkflowDepth, Permissions defaultPermissions) {
        public Options {
            Objects.requireNonNull(reusableWorkflows, "reusableWorkflows");
            Objects.requireNonNull(defaultPermissions, "defaultPermissions");
        }

        /** GitHub's limit on nested reusable workflows: ten levels, the caller included. */
        public static final int MAXIMUM_REUSABLE_WORKFLOW_DEPTH = 9;

        public static final Options DEFAULT = new Options(1024 * 1024, 50, 1_000_000, false, ReusableWorkflows.NONE, 0,
                Permissions.WRITE_ALL);

        public Options withDefaultPermissions(Permissions permissions) {
            return new Options(maximumFileSize, maximumDepth, maximumEvents, allowBackgroundSteps, reusableWorkflows, reusableWorkflowDepth,
                    permissions);
        }

        /**
         * Expands called workflows found in {@code source}, nested up to
         * {@value #MAXIMUM_REUSABLE_WORKFLOW_DEPTH} levels as on GitHub (deeper is an error).
         */
        public Options withReusableWorkflows(ReusableWorkflows source) {
            return new Options(maximumFileSize, maximumDepth, maximumEvents, allowBackgroundSteps, source,
                    MAXIMUM_REUSABLE_WORKFLOW_DEPTH, defaultPermissions);
        }

        /** Expands called workflows {@code depth} levels deep; a call deeper still is an error. */
        public Options withReusableWorkflowDepth(int depth) {
            return new Options(maximumFileSize, maximumDepth, maximumEvents, allowBackgroundSteps, reusableWorkflows, depth,
                    defaultPermissions);
        }

        public Options withMaximumFileSize(int size) {
            return new Options(size, maximumDepth, maximumEvents, allowBackgroundSteps, reusableWorkflows,
                    reusableWorkflowDepth, defaultPermissions);
        }

        public Options withMaximumDepth(int depth) {
            return new Options(maximumFileSize, depth, maximumEvents, allowBackgroundSteps, reusableWorkflows,
                    reusableWorkflowDepth, defaultPermissions);
        }

        public Options withBackgroundSteps(boolean allow) {
            return new Options(maximumFileSize, maximumDepth, maximumEvents, allow, reusableWorkflows,
                    reusableWorkflowDepth, defaultPermissions);
        }

        TemplateReader.Options readerOptions() {
            return new TemplateReader.Options(maximumDepth, maximumEvents, allowBackgroundSteps);
        }
    }

    /**
     * Parses {@code yamlText} with the default options; {@code fileName} is how errors name the
     * file (e.g. {@code .github/workflows/ci.yml}).
     */
    public static ParsedWorkflow parse(String fileName, String yamlText) {
        return parse(fileName, yamlText, Options.DEFAULT);
    }

    /** Parses {@code yamlText} with {@code options}. */
    public static ParsedWorkflow parse(String fileName, String yamlText, Options options) {
        return parseWithFiles(fileName, yamlText, options).parsed();
    }

    /** A parse and its file table (the workflow first, then the called workflows that were read). */
    record Result(ParsedWorkflow parsed, List<String> files) {
    }

    static Result parseWithFiles(String fileName, String yamlText, Options options) {
        TemplateErrors errors = new TemplateErrors();
        int fileId = errors.addFile(fileName);
        if (yamlText.length() > options.maximumFileSize()) {
            errors.addToFile(fileId, "The maximum file size of " + options.maximumFileSize() + " characters has been exceeded");
            return new Result(new ParsedWorkflow(fileName, Optional.empty(), errors.errors()), errors.files());
        }
        TemplateToken root = TemplateReader.readWorkflow(yamlText, fileId, errors, options.readerOptions());
        if (!errors.isEmpty() || !(root instanceof MappingToken mapping)) {
            return new Result(new ParsedWorkflow(fileName, Optional.empty(), errors.errors()), errors.files());
        }
        Workflow workflow = new WorkflowConverter(errors, options).convert(fileName, mapping, options.reusableWorkflowDepth());
        Optional<Workflow> result = errors.isEmpty() ? Optional.of(workflow) : Optional.empty();
        return new Result(new ParsedWorkflow(fileName, result, errors.errors()), errors.files());
    }
}
