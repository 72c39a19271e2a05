package dev.gantry.workflow;

import dev.gantry.workflow.template.TemplateErrors;
import dev.gantry.workflow.template.TemplateToken;
import dev.gantry.workflow.template.TemplateToken.BooleanToken;
import dev.gantry.workflow.template.TemplateToken.Entry;
import dev.gantry.workflow.template.TemplateToken.MappingToken;
import dev.gantry.workflow.template.TemplateToken.SequenceToken;
import dev.gantry.workflow.template.TemplateToken.StringToken;
import dev.gantry.workflow.template.TemplateTokens;
import dev.gantry.workflow.trigger.Cron;
import dev.gantry.workflow.trigger.EventTrigger;
import dev.gantry.workflow.trigger.InputDefinition;
import dev.gantry.workflow.trigger.PatternFilter;
import dev.gantry.workflow.trigger.Triggers;
import dev.gantry.workflow.trigger.WorkflowCall;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a schema-checked {@code on:} into {@link Triggers}: events in every form (a name, a
 * list, a mapping), their filters, {@code schedule} crons (checked), and the
 * {@code workflow_dispatch} and {@code workflow_call} declarations.
 */
final class TriggersConverter {
    private final TemplateErrors errors;

    TriggersConverter(TemplateErrors errors) {
        this.errors = errors;
    }

    Triggers convert(TemplateToken on) {
        List<EventTrigger> events = new ArrayList<>();
        List<Cron> schedules = new ArrayList<>();
        List<InputDefinition> dispatchInputs = new ArrayList<>();
        Optional<WorkflowCall> call = Optional.empty();
        switch (on) {
            case StringToken event -> {
                events.add(EventTrigger.of(event.value()));
                if (event.value().equals("workflow_call")) {
                    call = Optional.of(new WorkflowCall(List.of(), Map.of(), Map.of()));
                }
            }
            case SequenceToken sequence -> {
                for (TemplateToken item : sequence.items()) {
                    String event = TemplateTokens.literalText(item);
                    events.add(EventTrigger.of(event));
                    if (event.equals("workflow_call")) {
                        call = Optional.of(new WorkflowCall(List.of(), Map.of(), Map.of()));
                    }
                }
            }
            case MappingToken mapping -> {
                for (Entry entry : mapping.entries()) {
                    String event = TemplateTokens.key(entry);
                    if (event.equals("schedule") && entry.value() instanceof SequenceToken crons) {
                        events.add(EventTrigger.of(event));
                        for (TemplateToken item : crons.items()) {
                            if (item instanceof MappingToken schedule && schedule.get("cron").orElse(null) instanceof StringToken cron) {
                                try {
                                    schedules.add(Cron.parse(cron.value()));
                                } catch (IllegalArgumentException e) {
                                    errors.add(cron, "Invalid cron expression. Expected format: '* * * * *' (minute hour day month weekday)");
                                }
                            }
                        }
                        continue;
                    }
                    MappingToken config = entry.value() instanceof MappingToken m ? m : new MappingToken(null, List.of());
                    if (event.equals("workflow_dispatch")) {
                        config.get("inputs").flatMap(TemplateTokens::mapping).ifPresent(inputs -> dispatchInputs.addAll(convertInputs(inputs)));
                        events.add(EventTrigger.of(event));
                        continue;
                    }
                    if (event.equals("workflow_call")) {
                        call = Optional.of(convertWorkflowCall(config));
                        events.add(EventTrigger.of(event));
                        continue;
                    }
                    events.add(new EventTrigger(event,
                            stringList(config.get("types")),
                            patternFilter(config, "branches"),
                            patternFilter(config, "tags"),
                            patternFilter(config, "paths"),
                            stringList(config.get("workflows"))));
                }
            }
            default -> {
            }
        }
        return new Triggers(events, schedules, dispatchInputs, call, Optional.of(on));
    }

    private static Optional<PatternFilter> patternFilter(MappingToken config, String name) {
        if (config.get(name).isPresent()) {
            return Optional.of(PatternFilter.of(stringList(config.get(name)), false));
        }
        if (config.get(name + "-ignore").isPresent()) {
            return Optional.of(PatternFilter.of(stringList(config.get(name + "-ignore")), true));
        }
        return Optional.empty();
    }

    static List<String> stringList(Optional<TemplateToken> token) {
        if (token.isEmpty()) {
            return List.of();
        }
        if (token.get() instanceof SequenceToken sequence) {
            return sequence.items().stream().map(TemplateTokens::literalText).toList();
        }
        return List.of(TemplateTokens.literalText(token.get()));
    }

    private List<InputDefinition> convertInputs(MappingToken inputs) {
        List<InputDefinition> result = new ArrayList<>();
        for (Entry entry : inputs.entries()) {
            MappingToken spec = entry.value() instanceof MappingToken m ? m : new MappingToken(null, List.of());
            result.add(new InputDefinition(TemplateTokens.key(entry),
                    spec.get("description").map(TemplateTokens::literalText),
                    spec.get("type").map(TemplateTokens::literalText).orElse("string"),
                    spec.get("required").map(token -> token instanceof BooleanToken b && b.value()).orElse(false),
                    spec.get("default"),
                    stringList(spec.get("options"))));
        }
        return result;
    }

    private WorkflowCall convertWorkflowCall(MappingToken config) {
        List<InputDefinition> inputs = config.get("inputs").flatMap(TemplateTokens::mapping).map(this::convertInputs).orElse(List.of());
        Map<String, Boolean> secrets = new LinkedHashMap<>();
        config.get("secrets").flatMap(TemplateTokens::mapping).ifPresent(mapping -> {
            for (Entry entry : mapping.entries()) {
                boolean required = entry.value() instanceof MappingToken spec
                        && spec.get("required").orElse(null) instanceof BooleanToken b && b.value();
                secrets.put(TemplateTokens.key(entry), required);
            }
        });
        Map<String, TemplateToken> outputs = new LinkedHashMap<>();
        config.get("outputs").flatMap(TemplateTokens::mapping).ifPresent(mapping -> {
            for (Entry entry : mapping.entries()) {
                if (entry.value() instanceof MappingToken spec && spec.get("value").isPresent()) {
                    outputs.put(TemplateTokens.key(entry), spec.get("value").get());
                }
            }
        });
        return new WorkflowCall(inputs, secrets, outputs);
    }
}
