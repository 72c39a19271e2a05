package dev.gantry.runner;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Replaces secret values with {@code ***} in text leaving the runner. One per job; thread-safe
 * (steps add masks while the log flusher reads). Masks apply to single lines: a multi-line value
 * is registered line by line, so each of its lines is masked wherever it is printed, and since
 * the log masks complete lines before cutting chunks, a value never straddles two chunks.
 *
 * <p>As GitHub's runner does, a value is also masked in the encodings a step is likely to print
 * it in: JSON-escaped, URL-encoded and base64.
 */
public final class SecretMasker {
    public static final String MASK = "***";

    private final Object lock = new Object();
    private final Set<String> values = new LinkedHashSet<>();
    // Longest first, so a secret containing another is replaced whole. Replaced on each add:
    // adds are rare (job start, ::add-mask::), lookups are per line.
    private volatile List<String> ordered = List.of();

    /** Registers {@code value}, each of its lines, and their encodings. Blank values are ignored. */
    public void add(String value) {
        if (value == null || value.isBlank()) {
            return;
        }
        List<String> candidates = new ArrayList<>();
        candidates.add(value);
        for (String line : value.split("\r?\n")) {
            candidates.add(line);
        }
        synchronized (lock) {
            boolean changed = false;
            for (String candidate : candidates) {
                if (candidate.isBlank()) {
                    continue;
                }
                for (String encoded : encodings(candidate)) {
                    changed |= values.add(encoded);
                }
            }
            if (changed) {
                ordered = values.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
            }
        }
    }

    /** {@code text} with every registered value replaced by {@code ***}. */
    public String mask(String text) {
        String result = text;
        for (String value : ordered) {
            if (result.contains(value)) {
                result = result.replace(value, MASK);
            }
        }
        return result;
    }

    /** Whether {@code text} contains a registered value. */
    public boolean containsSecret(String text) {
        for (String value : ordered) {
            if (text.contains(value)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> encodings(String value) {
        List<String> encoded = new ArrayList<>(4);
        encoded.add(value);
        encoded.add(jsonEscaped(value));
        encoded.add(URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20"));
        // Only values long enough that their base64 is not a common short word.
        if (value.length() >= 4) {
            encoded.add(Base64.getEncoder().withoutPadding().encodeToString(value.getBytes(StandardCharsets.UTF_8)));
        }
        return encoded.stream().filter(candidate -> !candidate.isBlank()).toList();
    }

    private static String jsonEscaped(String value) {
        StringBuilder escaped = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> escaped.append("\\\"");
                case '\\' -> escaped.append("\\\\");
                case '\n' -> escaped.append("\\n");
                case '\r' -> escaped.append("\\r");
                case '\t' -> escaped.append("\\t");
                default -> {
                    if (c < 0x20) {
                        escaped.append(String.format("\\u%04x", (int) c));
                    } else {
                        escaped.append(c);
                    }
                }
            }
        }
        return escaped.toString();
    }
}
