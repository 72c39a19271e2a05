package dev.gantry.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a {@code GITHUB_ENV}, {@code GITHUB_OUTPUT} or {@code GITHUB_STATE} file as the runner
 * does: empty lines are skipped; a line whose {@code =} comes before any {@code <<} is
 * {@code NAME=value}; otherwise it is {@code NAME<<DELIMITER} and the value is the following lines
 * up to a line that is exactly the delimiter (the last line's new line is not part of the value).
 * A later assignment of a name wins.
 */
public final class EnvironmentFile {
    private EnvironmentFile() {
    }

    /** A file that does not follow the format; the message says where, never what value. */
    public static final class InvalidEnvironmentFileException extends Exception {
        public InvalidEnvironmentFileException(String message) {
            super(message);
        }
    }

    /** The assignments in {@code file}, in order; empty when the file does not exist. */
    public static Map<String, String> read(Path file) throws IOException, InvalidEnvironmentFileException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Map.of();
        }
        return parse(text, file.getFileName().toString());
    }

    public static Map<String, String> parse(String text, String fileName) throws InvalidEnvironmentFileException {
        Map<String, String> values = new LinkedHashMap<>();
        String[] lines = text.split("\r?\n", -1);
        for (int index = 0; index < lines.length; index++) {
            String line = lines[index];
            if (line.isEmpty()) {
                continue;
            }
            int equals = line.indexOf('=');
            int heredoc = line.indexOf("<<");
            if (equals >= 0 && (heredoc < 0 || equals < heredoc)) {
                String name = line.substring(0, equals);
                requireName(name, fileName, index);
                values.put(name, line.substring(equals + 1));
            } else if (heredoc >= 0) {
                String name = line.substring(0, heredoc);
                String delimiter = line.substring(heredoc + 2);
                requireName(name, fileName, index);
                if (delimiter.isEmpty()) {
                    throw new InvalidEnvironmentFileException(
                            "Invalid value in " + fileName + " line " + (index + 1) + ": the delimiter of '" + name + "' is empty");
                }
                StringBuilder value = new StringBuilder();
                int start = index;
                boolean closed = false;
                for (index++; index < lines.length; index++) {
                    if (lines[index].equals(delimiter)) {
                        closed = true;
                        break;
                    }
                    if (index > start + 1) {
                        value.append('\n');
                    }
                    value.append(lines[index]);
                }
                if (!closed) {
                    throw new InvalidEnvironmentFileException("Matching delimiter not found '" + delimiter + "' for '"
                            + name + "' in " + fileName + " (line " + (start + 1) + ")");
                }
                values.put(name, value.toString());
            } else {
                throw new InvalidEnvironmentFileException(
                        "Invalid format in " + fileName + " line " + (index + 1) + ": expected NAME=value or NAME<<DELIMITER");
            }
        }
        return values;
    }

    private static void requireName(String name, String fileName, int index) throws InvalidEnvironmentFileException {
        if (name.isBlank()) {
            throw new InvalidEnvironmentFileException("Invalid format in " + fileName + " line " + (index + 1) + ": the name is empty");
        }
    }
}
