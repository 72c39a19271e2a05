package dev.gantry.server.cli;

import dev.gantry.workflow.expression.ExpressionCommandSupport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code gantry expr 'EXPRESSION' [--context FILE.json]}: evaluates a GitHub Actions expression
 * as a workflow would, printing the value as JSON, or GitHub's error message with exit code 1.
 */
@Command(name = "expr", mixinStandardHelpOptions = true,
        description = {"Evaluate a GitHub Actions expression and print the result as JSON.",
                "The context file's top-level keys (github, env, matrix...) are the contexts the expression may use."})
final class ExprCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "EXPRESSION",
            description = "The expression, bare (github.ref == 'x') or as a template ('v-${{ matrix.os }}').")
    String expression;

    @Option(names = "--context", paramLabel = "FILE.json", description = "A JSON object of contexts, e.g. {\"github\": {...}}.")
    Path contextFile;

    @Override
    public Integer call() {
        String contextJson = null;
        if (contextFile != null) {
            try {
                contextJson = Files.readString(contextFile, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                spec.commandLine().getErr().println("gantry: no such context file: " + contextFile);
                return 1;
            } catch (IOException e) {
                spec.commandLine().getErr().println("gantry: cannot read " + contextFile + ": " + e.getMessage());
                return 1;
            }
        }
        return switch (ExpressionCommandSupport.evaluate(expression, contextJson)) {
            case ExpressionCommandSupport.Outcome.Value value -> {
                spec.commandLine().getOut().println(value.json());
                yield 0;
            }
            case ExpressionCommandSupport.Outcome.Failure failure -> {
                spec.commandLine().getErr().println(failure.message());
                yield 1;
            }
        };
    }
}
