package dev.gantry.runner;

import dev.gantry.protocol.Annotation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads what a step's process prints, line by line: workflow commands are acted on, everything
 * else goes to the step's log (masked there). Not thread-safe: one process's reader feeds it.
 *
 * <p>Commands, as GitHub's runner handles them: {@code add-mask} (the line is not printed),
 * {@code group}/{@code endgroup}, {@code error}/{@code warning}/{@code notice} (printed and kept
 * as annotations), {@code debug} (printed only in debug mode), {@code stop-commands} (commands
 * are ignored until {@code ::<token>::}), {@code echo on|off}, the deprecated
 * {@code set-output} and {@code save-state}, and {@code set-env}/{@code add-path} refused unless
 * {@code ACTIONS_ALLOW_UNSECURE_COMMANDS=true}. Unknown commands are plain output.
 */
public final class StepOutput implements Consumer<String> {
    private final StepLog log;
    private final SecretMasker masker;
    private final boolean debug;
    private final boolean allowUnsecureCommands;
    private final Map<String, String> outputs = new LinkedHashMap<>();
    private final Map<String, String> state = new LinkedHashMap<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final List<String> path = new ArrayList<>();
    private final List<Annotation> annotations;
    private String stopToken;
    private boolean echo;
    private boolean failed;

    /** @param annotations where annotations go (shared by the steps of a composite action) */
    public StepOutput(StepLog log, SecretMasker masker, boolean debug, boolean allowUnsecureCommands, List<Annotation> annotations) {
        this.log = log;
        this.masker = masker;
        this.debug = debug;
        this.allowUnsecureCommands = allowUnsecureCommands;
        this.annotations = annotations;
    }

    @Override
    public void accept(String line) {
        if (stopToken != null) {
            if (line.strip().equals("::" + stopToken + "::")) {
                stopToken = null;
            } else {
                log.write(line);
            }
            return;
        }
        WorkflowCommand command = WorkflowCommand.parse(line);
        if (command == null || !handle(command, line)) {
            log.write(line);
        }
    }

    /** Acts on {@code command}; false when it is not a command this runner knows (so it is printed). */
    private boolean handle(WorkflowCommand command, String line) {
        if (echo && !command.name().equals("add-mask")) {
            log.write(line);
        }
        switch (command.name()) {
            case "add-mask" -> {
                masker.add(command.data());
                if (echo) {
                    log.write("::add-mask::" + SecretMasker.MASK);
                }
            }
            case "group" -> log.write("##[group]" + command.data());
            case "endgroup" -> log.write("##[endgroup]");
            case "debug" -> {
                if (debug) {
                    log.write("##[debug]" + command.data());
                }
            }
            case "error" -> annotate(Annotation.Level.FAILURE, "error", command);
            case "warning" -> annotate(Annotation.Level.WARNING, "warning", command);
            case "notice" -> annotate(Annotation.Level.NOTICE, "notice", command);
            case "stop-commands" -> stopToken = command.data().isEmpty() ? null : command.data();
            case "echo" -> echo = command.data().strip().equalsIgnoreCase("on");
            case "set-output" -> {
                String name = command.properties().get("name");
                if (name == null || name.isEmpty()) {
                    error("Invalid command: set-output requires a 'name' property");
                } else {
                    outputs.put(name, command.data());
                }
            }
            case "save-state" -> {
                String name = command.properties().get("name");
                if (name != null && !name.isEmpty()) {
                    state.put(name, command.data());
                }
            }
            case "set-env", "add-path" -> {
                if (!allowUnsecureCommands) {
                    error("Unable to process command '" + line.strip() + "' successfully.");
                    error("The `" + command.name() + "` command is disabled. Please upgrade to using Environment Files or opt into unsecure command execution by setting the `ACTIONS_ALLOW_UNSECURE_COMMANDS` environment variable to `true`. For more information see: https://github.blog/changelog/2020-10-01-github-actions-deprecating-set-env-and-add-path-commands/");
                    failed = true;
                } else if (command.name().equals("add-path")) {
                    path.add(command.data());
                } else if (command.properties().get("name") != null) {
                    environment.put(command.properties().get("name"), command.data());
                }
            }
            case "add-matcher", "remove-matcher" -> {
                // Problem matchers only turn output into annotations; the output is logged anyway.
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private void annotate(Annotation.Level level, String prefix, WorkflowCommand command) {
        Map<String, String> p = command.properties();
        annotations.add(new Annotation(level, masker.mask(command.data()), mask(p.get("title")), p.get("file"),
                integer(p.get("line")), integer(p.get("endLine")), integer(p.get("col")), integer(p.get("endColumn"))));
        log.write("##[" + prefix + "]" + command.data());
    }

    /** Logs an error line and keeps it as an annotation (GitHub shows runner errors both ways). */
    public void error(String message) {
        annotations.add(new Annotation(Annotation.Level.FAILURE, masker.mask(message), null, null, null, null, null, null));
        log.write("##[error]" + message);
    }

    public void warning(String message) {
        annotations.add(new Annotation(Annotation.Level.WARNING, masker.mask(message), null, null, null, null, null, null));
        log.write("##[warning]" + message);
    }

    private String mask(String value) {
        return value == null ? null : masker.mask(value);
    }

    private static Integer integer(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    public StepLog log() {
        return log;
    }

    /** Outputs from {@code ::set-output}. */
    public Map<String, String> outputs() {
        return outputs;
    }

    /** State from {@code ::save-state}. */
    public Map<String, String> state() {
        return state;
    }

    /** Variables from an allowed {@code ::set-env}. */
    public Map<String, String> environment() {
        return environment;
    }

    /** Directories from an allowed {@code ::add-path}. */
    public List<String> path() {
        return path;
    }

    /** Whether a refused command failed the step. */
    public boolean failed() {
        return failed;
    }
}
