package dev.gantry.workflow;

import dev.gantry.workflow.expression.ExpressionValue;
import dev.gantry.workflow.template.TemplateToken;
import dev.gantry.workflow.template.TemplateToken.Entry;
import dev.gantry.workflow.template.TemplateToken.MappingToken;
import dev.gantry.workflow.template.TemplateToken.NullToken;
import dev.gantry.workflow.template.TemplateToken.SequenceToken;
import dev.gantry.workflow.template.TemplateTokens;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed workflow in the normalized JSON shape of GitHub's parser tests ("workflow template"):
 * jobs with their default names, {@code if}s and generated step ids, tokens as
 * {@code {"type": 3, "expr": …}} and so on, or the errors. What
 * {@code gantry workflow parse --format github-template} prints.
 */
public final class GitHubTemplate {
    /**
     * @param includeSource give every token its file, line and column (and add the file table)
     * @param includeEvents include the normalized {@code on:} as {@code events}
     */
    public record Format(boolean includeSource, boolean includeEvents) {
        public static final Format DEFAULT = new Format(false, true);
    }

    private final Format format;

    private GitHubTemplate(Format format) {
        this.format = format;
    }

    /** A parse and its rendering. */
    public record Rendered(ParsedWorkflow parsed, String json) {
    }

    /** Parses and renders in one go (the file table of called workflows needs the parse). */
    public static Rendered render(String fileName, String yamlText, WorkflowParser.Options options, Format format) {
        WorkflowParser.Result result = WorkflowParser.parseWithFiles(fileName, yamlText, options);
        return new Rendered(result.parsed(), new GitHubTemplate(format).render(result.parsed(), result.files()));
    }

    private String render(ParsedWorkflow parsed, List<String> files) {
        Map<String, Object> root = new LinkedHashMap<>();
        if (!parsed.isValid()) {
            List<Object> errors = new ArrayList<>();
            for (WorkflowError error : parsed.errors()) {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("Message", error.formatted());
                errors.add(item);
            }
            root.put("errors", errors);
            return json(root);
        }
        Workflow workflow = parsed.workflow().orElseThrow();
        if (format.includeEvents()) {
            workflow.triggers().source().ifPresent(on -> root.put("events", events(on)));
        }
        workflow.permissions().ifPresent(permissions -> root.put("permissions", new LinkedHashMap<>(permissions.granted())));
        workflow.concurrency().ifPresent(concurrency -> root.put("concurrency", token(concurrency)));
        workflow.env().ifPresent(env -> root.put("env", token(env)));
        workflow.defaults().ifPresent(defaults -> root.put("defaults", token(defaults)));
        root.put("jobs", jobs(workflow.jobs()));
        if (format.includeSource()) {
            root.put("file-table", new ArrayList<Object>(files));
        }
        return json(root);
    }

    private List<Object> jobs(List<WorkflowJob> jobs) {
        List<Object> result = new ArrayList<>();
        for (WorkflowJob job : jobs) {
            result.add(job(job));
        }
        return result;
    }

    private Map<String, Object> job(WorkflowJob job) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (job.isReusableWorkflowCall()) {
            out.put("type", "reusableWorkflowJob");
            out.put("id", token(job.source().id()));
            out.put("name", token(job.name()));
            out.put("needs", job.source().needs().stream().map(this::token).toList());
            out.put("if", token(job.condition()));
            out.put("ref", token(job.source().uses().orElseThrow()));
            job.calledWorkflow().flatMap(WorkflowJob.CalledWorkflow::inputDefinitions).ifPresent(t -> out.put("input-definitions", token(t)));
            job.with().ifPresent(t -> out.put("input-values", token(t)));
            job.calledWorkflow().flatMap(WorkflowJob.CalledWorkflow::secretDefinitions).ifPresent(t -> out.put("secret-definitions", token(t)));
            job.secrets().ifPresent(t -> out.put("secret-values", token(t)));
            if (job.inheritSecrets()) {
                out.put("inherit-secrets", true);
            }
            job.calledWorkflow().flatMap(WorkflowJob.CalledWorkflow::outputs).ifPresent(t -> out.put("outputs", token(t)));
            job.concurrency().ifPresent(t -> out.put("concurrency", token(t)));
            job.strategy().ifPresent(t -> out.put("strategy", token(t)));
            job.permissions().ifPresent(p -> out.put("permissions", new LinkedHashMap<>(p.granted())));
            job.calledWorkflow().ifPresent(called -> out.put("jobs", jobs(called.jobs())));
            return out;
        }
        out.put("type", "job");
        out.put("id", token(job.source().id()));
        out.put("name", token(job.name()));
        if (!job.needs().isEmpty()) {
            out.put("needs", job.source().needs().stream().map(this::token).toList());
        }
        out.put("if", token(job.condition()));
        put(out, "strategy", job.strategy());
        put(out, "continue-on-error", job.continueOnError());
        put(out, "timeout-minutes", job.timeoutMinutes());
        put(out, "cancel-timeout-minutes", job.cancelTimeoutMinutes());
        put(out, "concurrency", job.concurrency());
        put(out, "env", job.env());
        put(out, "environment", job.environment());
        job.permissions().ifPresent(p -> out.put("permissions", new LinkedHashMap<>(p.granted())));
        put(out, "defaults", job.defaults());
        put(out, "runs-on", job.runsOn());
        put(out, "container", job.container());
        put(out, "services", job.services());
        put(out, "outputs", job.outputs());
        if (!job.steps().isEmpty()) {
            List<Object> steps = new ArrayList<>();
            for (WorkflowStep step : job.steps()) {
                steps.add(step(step));
            }
            out.put("steps", steps);
        }
        put(out, "snapshot", job.snapshot());
        return out;
    }

    private Map<String, Object> step(WorkflowStep step) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", step.id());
        put(out, "name", step.name());
        boolean control = !step.waitFor().isEmpty() || step.waitAll() || step.cancel().isPresent();
        if (!control) {
            out.put("if", token(step.condition()));
        }
        put(out, "continue-on-error", step.continueOnError());
        put(out, "timeout-minutes", step.timeoutMinutes());
        put(out, "env", step.env());
        put(out, "run", step.run());
        step.uses().ifPresent(uses -> out.put("uses", uses));
        put(out, "with", step.with());
        put(out, "background", step.background());
        if (!step.waitFor().isEmpty()) {
            out.put("wait", new ArrayList<Object>(step.waitFor()));
        }
        if (step.waitAll()) {
            out.put("wait-all", true);
        }
        step.cancel().ifPresent(cancel -> out.put("cancel", cancel));
        return out;
    }

    private void put(Map<String, Object> out, String key, Optional<? extends TemplateToken> token) {
        token.ifPresent(t -> out.put(key, token(t)));
    }

    /** A token in GitHub's serialized form. */
    /**
     * One token in GitHub's serialized-token shape without positions, as plain values (strings,
     * booleans, numbers, null, lists, ordered maps): what a runner evaluates.
     */
    public static Object tokenValue(TemplateToken token) {
        return new GitHubTemplate(Format.DEFAULT).token(token);
    }

    private Object token(TemplateToken token) {
        boolean located = format.includeSource() && token.position() != null;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", token.type());
        if (located) {
            out.put("file", token.position().fileId());
            out.put("line", token.position().line());
            out.put("col", token.position().column());
        }
        switch (token) {
            case TemplateToken.StringToken string -> {
                if (!located) {
                    return string.value();
                }
                out.put("lit", string.value());
            }
            case TemplateToken.BooleanToken bool -> {
                if (!located) {
                    return bool.value();
                }
                out.put("bool", bool.value());
            }
            case TemplateToken.NumberToken number -> {
                if (!located) {
                    return number.value();
                }
                out.put("num", number.value());
            }
            case NullToken ignored -> {
                if (!located) {
                    return null;
                }
            }
            case TemplateToken.ExpressionToken expression -> out.put("expr", expression.expression());
            case TemplateToken.InsertToken ignored -> out.put("directive", "insert");
            case SequenceToken sequence -> {
                List<Object> items = new ArrayList<>();
                for (TemplateToken item : sequence.items()) {
                    items.add(token(item));
                }
                out.put("seq", items);
            }
            case MappingToken mapping -> {
                List<Object> entries = new ArrayList<>();
                for (Entry entry : mapping.entries()) {
                    Map<String, Object> pair = new LinkedHashMap<>();
                    pair.put("Key", token(entry.key()));
                    pair.put("Value", token(entry.value()));
                    entries.add(pair);
                }
                out.put("map", entries);
            }
        }
        return out;
    }

    /**
     * The tree as JSON text, printed as JavaScript's {@code JSON.stringify(value, null, 2)} (as
     * GitHub's expected templates are), by the expression package's {@code toJSON}.
     */
    private static String json(Object tree) {
        return ExpressionValue.toJsonText(value(tree));
    }

    private static ExpressionValue value(Object tree) {
        return switch (tree) {
            case null -> ExpressionValue.NULL;
            case String string -> ExpressionValue.of(string);
            case Boolean bool -> ExpressionValue.of(bool);
            case Double number -> ExpressionValue.of(number);
            case Integer number -> ExpressionValue.of(number);
            case Map<?, ?> map -> {
                Map<String, ExpressionValue> properties = new LinkedHashMap<>();
                map.forEach((key, item) -> properties.put(String.valueOf(key), value(item)));
                yield new ExpressionValue.ObjectValue(properties);
            }
            case List<?> list -> new ExpressionValue.ArrayValue(list.stream().map(GitHubTemplate::value).toList());
            default -> throw new IllegalArgumentException("not a JSON value: " + tree.getClass());
        };
    }

    // ---------------------------------------------------------------- events

    private static Object events(TemplateToken on) {
        Map<String, Object> events = new LinkedHashMap<>();
        switch (on) {
            case SequenceToken sequence -> sequence.items().forEach(item -> events.put(TemplateTokens.literalText(item), new LinkedHashMap<>()));
            case MappingToken mapping -> {
                for (Entry entry : mapping.entries()) {
                    String name = TemplateTokens.literalText(entry.key());
                    TemplateToken value = entry.value();
                    if (value instanceof NullToken || !(value instanceof MappingToken || value instanceof SequenceToken)) {
                        events.put(name, new LinkedHashMap<>());
                    } else if (name.equals("schedule") && value instanceof SequenceToken crons) {
                        List<Object> schedules = new ArrayList<>();
                        for (TemplateToken item : crons.items()) {
                            if (item instanceof MappingToken schedule) {
                                Map<String, Object> cron = new LinkedHashMap<>();
                                schedule.get("cron").ifPresent(c -> cron.put("cron", TemplateTokens.literalText(c)));
                                schedules.add(cron);
                            }
                        }
                        events.put(name, schedules);
                    } else if (value instanceof MappingToken config) {
                        events.put(name, eventConfig(name, config));
                    }
                }
            }
            default -> events.put(TemplateTokens.literalText(on), new LinkedHashMap<>());
        }
        return events;
    }

    private static Map<String, Object> eventConfig(String name, MappingToken config) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (name.equals("workflow_dispatch") || name.equals("workflow_call")) {
            config.get("inputs").ifPresent(inputs -> {
                if (inputs instanceof MappingToken mapping) {
                    Map<String, Object> result = new LinkedHashMap<>();
                    for (Entry input : mapping.entries()) {
                        result.put(TemplateTokens.literalText(input.key()), input(input.value()));
                    }
                    out.put("inputs", result);
                }
            });
            if (name.equals("workflow_call")) {
                config.get("secrets").ifPresent(secrets -> {
                    if (secrets instanceof MappingToken mapping) {
                        Map<String, Object> result = new LinkedHashMap<>();
                        for (Entry secret : mapping.entries()) {
                            Map<String, Object> spec = new LinkedHashMap<>();
                            if (secret.value() instanceof MappingToken body) {
                                body.get("description").ifPresent(d -> spec.put("description", TemplateTokens.literalText(d)));
                                body.get("required").ifPresent(r -> spec.put("required", literal(r)));
                            }
                            result.put(TemplateTokens.literalText(secret.key()), spec);
                        }
                        out.put("secrets", result);
                    }
                });
            }
            return out;
        }
        for (String filter : List.of("branches", "branches-ignore", "tags", "tags-ignore", "paths", "paths-ignore", "types", "versions",
                "names", "workflows")) {
            config.get(filter).ifPresent(value -> out.put(filter, new ArrayList<Object>(TriggersConverter.stringList(Optional.of(value)))));
        }
        return out;
    }

    private static Map<String, Object> input(TemplateToken token) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (!(token instanceof MappingToken spec)) {
            out.put("type", "string");
            return out;
        }
        out.put("type", spec.get("type").map(TemplateTokens::literalText).orElse("string"));
        spec.get("description").ifPresent(d -> out.put("description", TemplateTokens.literalText(d)));
        spec.get("required").ifPresent(r -> out.put("required", literal(r)));
        spec.get("options").ifPresent(o -> out.put("options", new ArrayList<Object>(TriggersConverter.stringList(Optional.of(o)))));
        spec.get("default").ifPresent(d -> out.put("default", literal(d)));
        return out;
    }

    private static Object literal(TemplateToken token) {
        return switch (token) {
            case TemplateToken.BooleanToken bool -> bool.value();
            case TemplateToken.NumberToken number -> number.value();
            case NullToken ignored -> null;
            default -> TemplateTokens.literalText(token);
        };
    }
}
