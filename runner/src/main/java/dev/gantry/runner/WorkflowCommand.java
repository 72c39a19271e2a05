package dev.gantry.runner;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A workflow command a step printed: {@code ::name key=value,key=value::data}, or the legacy
 * {@code ##[name key=value;key=value]data}. Names are case-insensitive (kept in lower case). Data
 * unescapes {@code %0D %0A %25}; property values also {@code %3A %2C}, as {@code @actions/core}
 * escapes them.
 */
public record WorkflowCommand(String name, Map<String, String> properties, String data) {
    public WorkflowCommand {
        Objects.requireNonNull(name, "name");
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
        Objects.requireNonNull(data, "data");
    }

    /** The command on {@code line}, or null when the line is ordinary output. */
    public static WorkflowCommand parse(String line) {
        String trimmed = line.stripLeading();
        if (trimmed.startsWith("::")) {
            int end = trimmed.indexOf("::", 2);
            if (end < 0) {
                return null;
            }
            return build(trimmed.substring(2, end), ',', trimmed.substring(end + 2));
        }
        if (trimmed.startsWith("##[")) {
            int end = trimmed.indexOf(']', 3);
            if (end < 0) {
                return null;
            }
            return build(trimmed.substring(3, end), ';', trimmed.substring(end + 1));
        }
        return null;
    }

    private static WorkflowCommand build(String header, char separator, String data) {
        int space = header.indexOf(' ');
        String name = (space < 0 ? header : header.substring(0, space)).strip();
        if (name.isEmpty()) {
            return null;
        }
        Map<String, String> properties = new LinkedHashMap<>();
        if (space >= 0) {
            for (String pair : header.substring(space + 1).split(String.valueOf(separator))) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    properties.put(pair.substring(0, equals).strip(), unescapeProperty(pair.substring(equals + 1)));
                }
            }
        }
        return new WorkflowCommand(name.toLowerCase(Locale.ROOT), properties, unescapeData(data));
    }

    static String unescapeData(String value) {
        return value.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%");
    }

    static String unescapeProperty(String value) {
        return value.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",").replace("%25", "%");
    }
}
