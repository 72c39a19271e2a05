package dev.gantry.workflow;

import dev.gantry.workflow.template.TemplateToken;
import dev.gantry.workflow.template.TemplateToken.ExpressionToken;
import dev.gantry.workflow.template.TemplateToken.MappingToken;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One step: a {@code run:} script or a {@code uses:} action.
 *
 * @param id the id as written, or GitHub's generated one ({@code __run}, {@code __actions_checkout},
 *     {@code __run_2} …) when none was given
 * @param name the {@code name:} template, if given (see {@link #defaultName()})
 * @param condition the {@code if:}, {@code success()} by default
 * @param run the script template of a run step
 * @param uses the action reference of a uses step ({@code owner/repo@ref}, {@code ./path},
 *     {@code docker://image})
 * @param background, waitFor, waitAll, cancel GitHub's experimental background steps (only read
 *     when enabled in {@link dev.gantry.workflow.WorkflowParser.Options})
 */
public record WorkflowStep(
        String id,
        Optional<TemplateToken> name,
        ExpressionToken condition,
        Optional<TemplateToken> continueOnError,
        Optional<TemplateToken> timeoutMinutes,
        Optional<MappingToken> env,
        Optional<TemplateToken> run,
        Optional<String> uses,
        Optional<MappingToken> with,
        Optional<TemplateToken> shell,
        Optional<TemplateToken> workingDirectory,
        Optional<TemplateToken> background,
        List<String> waitFor,
        boolean waitAll,
        Optional<String> cancel) {
    public WorkflowStep {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(condition, "condition");
        waitFor = List.copyOf(waitFor);
    }

    /** Whether the id was made up by the parser rather than written in the file. */
    public boolean hasGeneratedId() {
        return id.startsWith("__");
    }

    /**
     * The name GitHub shows when the step has no {@code name:}: {@code Run <first line of the
     * script>} for a run step (the raw text, expressions included), {@code Run <uses>} otherwise.
     */
    public String defaultName() {
        if (uses.isPresent()) {
            return "Run " + uses.get();
        }
        String script = run.map(WorkflowStep::sourceText).orElse("");
        String trimmed = script.strip();
        int newline = trimmed.indexOf('\n');
        return "Run " + (newline < 0 ? trimmed : trimmed.substring(0, newline).stripTrailing());
    }

    private static String sourceText(TemplateToken token) {
        return switch (token) {
            case TemplateToken.StringToken string -> string.value();
            case TemplateToken.ExpressionToken expression ->
                    expression.source() != null ? expression.source() : "${{ " + expression.expression() + " }}";
            default -> "";
        };
    }
}
