package dev.gantry.runner;

import dev.gantry.protocol.JobStep;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * An action's {@code action.yml} (or {@code action.yaml}): its inputs with their defaults, its
 * outputs, and how it runs. Composite steps are read into the same {@link JobStep} records a job's
 * steps arrive in, so one executor runs both.
 *
 * @param using {@code runs.using} in lower case: {@code composite}, {@code node20}, {@code docker} ...
 * @param inputDefaults each declared input and its default template (null when it has none)
 * @param outputValues each declared output and its {@code value} template (composite actions)
 */
public record ActionManifest(
        String name,
        String using,
        Map<String, String> inputDefaults,
        List<String> requiredInputs,
        Map<String, String> outputValues,
        String main,
        String pre,
        String preIf,
        String post,
        String postIf,
        List<JobStep> steps) {

    public ActionManifest {
        Objects.requireNonNull(using, "using");
        inputDefaults = Collections.unmodifiableMap(new LinkedHashMap<>(inputDefaults));
        requiredInputs = List.copyOf(requiredInputs);
        outputValues = Collections.unmodifiableMap(new LinkedHashMap<>(outputValues));
        steps = List.copyOf(steps);
    }

    /** The action cannot be used: no manifest, or one this runner cannot read. */
    public static final class InvalidActionException extends Exception {
        public InvalidActionException(String message) {
            super(message);
        }
    }

    public boolean isNode() {
        return using.startsWith("node");
    }

    /** Reads the manifest in {@code directory}. */
    public static ActionManifest load(Path directory, String displayReference) throws InvalidActionException, IOException {
        Path file = directory.resolve("action.yml");
        if (!Files.isRegularFile(file)) {
            file = directory.resolve("action.yaml");
        }
        if (!Files.isRegularFile(file)) {
            if (Files.isRegularFile(directory.resolve("Dockerfile"))) {
                return new ActionManifest(displayReference, "docker", Map.of(), List.of(), Map.of(), null, null, null, null, null, List.of());
            }
            throw new InvalidActionException("Can't find 'action.yml', 'action.yaml' or 'Dockerfile' under '" + directory
                    + "'. Did you forget to run actions/checkout before running your local action?");
        }
        return parse(Files.readString(file, StandardCharsets.UTF_8), displayReference);
    }

    public static ActionManifest parse(String yaml, String displayReference) throws InvalidActionException {
        Object document;
        try {
            document = new Load(LoadSettings.builder().build()).loadFromString(yaml);
        } catch (YamlEngineException e) {
            throw new InvalidActionException("The action " + displayReference + " has an invalid manifest: " + e.getMessage());
        }
        Map<String, Object> root = map(document, "the manifest of " + displayReference);
        Map<String, Object> runs = map(root.get("runs"), "runs of " + displayReference);
        String using = text(runs.get("using"));
        if (using == null) {
            throw new InvalidActionException("The action " + displayReference + " has no 'runs.using'");
        }
        Map<String, String> inputDefaults = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        if (root.get("inputs") instanceof Map<?, ?> inputs) {
            for (Map.Entry<?, ?> input : inputs.entrySet()) {
                String id = String.valueOf(input.getKey());
                Object defaultValue = input.getValue() instanceof Map<?, ?> spec ? spec.get("default") : null;
                inputDefaults.put(id, text(defaultValue));
                if (input.getValue() instanceof Map<?, ?> spec && Boolean.TRUE.equals(spec.get("required"))) {
                    required.add(id);
                }
            }
        }
        Map<String, String> outputValues = new LinkedHashMap<>();
        if (root.get("outputs") instanceof Map<?, ?> outputs) {
            for (Map.Entry<?, ?> output : outputs.entrySet()) {
                Object value = output.getValue() instanceof Map<?, ?> spec ? spec.get("value") : null;
                outputValues.put(String.valueOf(output.getKey()), text(value));
            }
        }
        List<JobStep> steps = new ArrayList<>();
        String normalizedUsing = using.toLowerCase(Locale.ROOT);
        if (normalizedUsing.equals("composite")) {
            if (!(runs.get("steps") instanceof List<?> list)) {
                throw new InvalidActionException("The composite action " + displayReference + " has no 'runs.steps'");
            }
            for (int i = 0; i < list.size(); i++) {
                steps.add(step(i + 1, map(list.get(i), "step " + (i + 1) + " of " + displayReference), displayReference));
            }
        }
        String name = text(root.get("name"));
        return new ActionManifest(name == null ? displayReference : name, normalizedUsing, inputDefaults, required, outputValues,
                text(runs.get("main")), text(runs.get("pre")), text(runs.get("pre-if")), text(runs.get("post")),
                text(runs.get("post-if")), steps);
    }

    private static JobStep step(int number, Map<String, Object> step, String displayReference) throws InvalidActionException {
        String run = text(step.get("run"));
        String uses = text(step.get("uses"));
        if ((run == null) == (uses == null)) {
            throw new InvalidActionException("Step " + number + " of " + displayReference + " must have exactly one of 'run' and 'uses'");
        }
        if (run != null && text(step.get("shell")) == null) {
            throw new InvalidActionException("Step " + number + " of " + displayReference + ": Required property is missing: shell");
        }
        return new JobStep(number, text(step.get("id")), text(step.get("name")), text(step.get("if")), uses,
                strings(step.get("with")), run, text(step.get("shell")), text(step.get("working-directory")),
                strings(step.get("env")), text(step.get("continue-on-error")), text(step.get("timeout-minutes")));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value, String what) throws InvalidActionException {
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new InvalidActionException("Expected a mapping for " + what);
    }

    private static Map<String, String> strings(Object value) {
        Map<String, String> strings = new LinkedHashMap<>();
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> strings.put(String.valueOf(key), item == null ? "" : text(item)));
        }
        return strings;
    }

    /** A scalar as the text YAML wrote (numbers and booleans included), or null. */
    private static String text(Object value) {
        return value == null ? null : String.valueOf(value);
    }
}
