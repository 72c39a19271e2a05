package dev.gantry.runner;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How a {@code run} step's script is executed, per GitHub's table: the command line with
 * {@code {0}} standing for the script file, and the file's extension.
 *
 * <ul>
 *   <li>unspecified: {@code bash -e {0}}, or {@code sh -e {0}} when bash is not on the PATH</li>
 *   <li>{@code bash}: {@code bash --noprofile --norc -eo pipefail {0}}</li>
 *   <li>{@code sh}: {@code sh -e {0}}</li>
 *   <li>{@code python}: {@code python {0}}</li>
 *   <li>{@code pwsh}: {@code pwsh -command ". '{0}'"}</li>
 *   <li>anything else containing {@code {0}}: that command line, e.g. {@code perl {0}}</li>
 * </ul>
 * The program is resolved on the step's PATH, as GitHub prints it ({@code /usr/bin/bash -e {0}}).
 */
public record Shell(List<String> commandLine, String extension, String display) {
    public Shell {
        commandLine = List.copyOf(commandLine);
    }

    /** A shell that cannot be used: unknown, or not installed. */
    public static final class UnsupportedShellException extends Exception {
        public UnsupportedShellException(String message) {
            super(message);
        }
    }

    /** Resolves {@code shell} (null: unspecified) against the directories of {@code path}. */
    public static Shell resolve(String shell, String path) throws UnsupportedShellException {
        String name = shell == null ? "" : shell.strip();
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "" -> find("bash", path) != null
                    ? of(path, "bash", "-e", "{0}")
                    : of(path, "sh", "-e", "{0}");
            case "bash" -> of(path, "bash", "--noprofile", "--norc", "-eo", "pipefail", "{0}");
            case "sh" -> of(path, "sh", "-e", "{0}");
            case "python" -> of(path, "python", "{0}");
            case "pwsh" -> of(path, "pwsh", "-command", ". '{0}'");
            case "powershell", "cmd" -> throw new UnsupportedShellException(
                    "The shell '" + name + "' is only available on Windows runners");
            default -> {
                if (!name.contains("{0}")) {
                    throw new UnsupportedShellException("Invalid shell option. Shell must be a valid built-in (bash, sh, "
                            + "python, pwsh) or a format string containing '{0}'");
                }
                yield of(path, words(name));
            }
        };
    }

    /** Splits a custom shell's command line into words, honouring single and double quotes. */
    static String[] words(String commandLine) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < commandLine.length(); i++) {
            char c = commandLine.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words.toArray(String[]::new);
    }

    private static Shell of(String path, String... words) throws UnsupportedShellException {
        String program = find(words[0], path);
        if (program == null) {
            throw new UnsupportedShellException("Unable to locate executable file: " + words[0]
                    + ". Please verify either the file path exists or the file can be found within a directory specified by the PATH environment variable.");
        }
        List<String> command = new ArrayList<>(List.of(words));
        command.set(0, program);
        return new Shell(command, extensionFor(words[0]), String.join(" ", command));
    }

    private static String extensionFor(String program) {
        String name = Path.of(program).getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.startsWith("python")) {
            return ".py";
        }
        if (name.startsWith("pwsh") || name.startsWith("powershell")) {
            return ".ps1";
        }
        return ".sh";
    }

    /** The command line for the script file {@code script}. */
    public List<String> command(Path script) {
        return commandLine.stream().map(word -> word.replace("{0}", script.toString())).toList();
    }

    /** {@code program} as an absolute path found on {@code path}, or null. */
    public static String find(String program, String path) {
        if (program.contains("/")) {
            return Files.isExecutable(Path.of(program)) ? program : null;
        }
        if (path == null) {
            return null;
        }
        for (String directory : path.split(File.pathSeparator)) {
            if (directory.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(directory, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }
}
