package dev.gantry.server.cli;

import dev.gantry.workflow.GitHubTemplate;
import dev.gantry.workflow.ParsedWorkflow;
import dev.gantry.workflow.ReusableWorkflows;
import dev.gantry.workflow.WorkflowError;
import dev.gantry.workflow.WorkflowParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code gantry workflow lint FILE…} and {@code gantry workflow parse FILE --format
 * github-template}: check workflow files with GitHub's rules and messages, or print one as
 * GitHub's parser normalizes it. Called workflows of this repository ({@code uses: ./…}) are
 * read relative to the current directory, taken as the repository's root.
 */
@Command(name = "workflow", mixinStandardHelpOptions = true,
        description = "Check and inspect GitHub Actions workflow files.",
        subcommands = {WorkflowCommand.Lint.class, WorkflowCommand.Parse.class})
final class WorkflowCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Reads {@code ./} references from the working directory; nothing else is reachable offline. */
    private static final ReusableWorkflows LOCAL_FILES = reference -> {
        if (!reference.startsWith("./")) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(Path.of(reference), StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    };

    private static final WorkflowParser.Options OPTIONS = WorkflowParser.Options.DEFAULT.withReusableWorkflows(LOCAL_FILES);

    /** The file's text, or null after telling the user why not. */
    private static String read(Path file, CommandSpec spec) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            spec.commandLine().getErr().println("gantry: no such file: " + file);
        } catch (IOException e) {
            spec.commandLine().getErr().println("gantry: cannot read " + file + ": " + e.getMessage());
        }
        return null;
    }

    @Command(name = "lint", mixinStandardHelpOptions = true,
            description = {"Check workflow files; print GitHub's error messages, one per line.",
                    "Exit code 1 when any file has errors."})
    static final class Lint implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "FILE", description = "Workflow files, e.g. .github/workflows/ci.yml.")
        List<Path> files;

        @Override
        public Integer call() {
            boolean failed = false;
            for (Path file : files) {
                String text = read(file, spec);
                if (text == null) {
                    failed = true;
                    continue;
                }
                ParsedWorkflow parsed = WorkflowParser.parse(file.toString(), text, OPTIONS);
                for (WorkflowError error : parsed.errors()) {
                    spec.commandLine().getOut().println(error.formatted());
                }
                failed |= !parsed.isValid();
            }
            return failed ? 1 : 0;
        }
    }

    /** Output formats of {@code parse}. */
    enum Format {
        GITHUB_TEMPLATE
    }

    @Command(name = "parse", mixinStandardHelpOptions = true,
            description = {"Print a workflow as GitHub's parser normalizes it (or its errors) as JSON.",
                    "Exit code 1 when the file has errors."})
    static final class Parse implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "A workflow file.")
        Path file;

        @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "github-template",
                converter = FormatConverter.class, description = "Output format: github-template (the default).")
        Format format;

        @Option(names = "--include-source", description = "Give every value its file, line and column.")
        boolean includeSource;

        @Override
        public Integer call() {
            String text = read(file, spec);
            if (text == null) {
                return 1;
            }
            GitHubTemplate.Rendered rendered = GitHubTemplate.render(file.toString(), text, OPTIONS,
                    new GitHubTemplate.Format(includeSource, true));
            spec.commandLine().getOut().println(rendered.json());
            return rendered.parsed().isValid() ? 0 : 1;
        }
    }

    /** Accepts {@code github-template} as well as the enum's spelling. */
    static final class FormatConverter implements picocli.CommandLine.ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            return Format.valueOf(value.replace('-', '_').toUpperCase(java.util.Locale.ROOT));
        }
    }
}
