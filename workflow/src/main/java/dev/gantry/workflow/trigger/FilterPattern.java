package dev.gantry.workflow.trigger;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One glob of a {@code branches}, {@code tags} or {@code paths} filter, as GitHub's "filter
 * pattern cheat sheet" defines them: {@code *} matches any characters but {@code /},
 * {@code **} any characters, {@code ?} zero or one of the preceding character, {@code +} one or
 * more of the preceding character, {@code [...]} one character of a set or range, {@code \}
 * escapes, and a leading {@code !} negates (in a list, patterns apply in order and the last one
 * that matches decides).
 */
public record FilterPattern(String text, boolean negated, Pattern regex) {
    public FilterPattern {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(regex, "regex");
    }

    /** Compiles {@code text}; a leading {@code !} makes a negated pattern. */
    public static FilterPattern compile(String text) {
        boolean negated = text.startsWith("!");
        String glob = negated ? text.substring(1) : text;
        return new FilterPattern(text, negated, Pattern.compile(toRegex(glob)));
    }

    /** Whether {@code value} matches the glob (ignoring the negation). */
    public boolean matchesGlob(String value) {
        return regex.matcher(value).matches();
    }

    /**
     * Whether {@code value} is selected by the ordered {@code patterns}: it starts unselected, each
     * matching pattern selects it (or, negated, deselects it), so the last match decides.
     */
    public static boolean selects(List<FilterPattern> patterns, String value) {
        boolean selected = false;
        for (FilterPattern pattern : patterns) {
            if (pattern.negated == selected && pattern.matchesGlob(value)) {
                selected = !pattern.negated;
            }
        }
        return selected;
    }

    private static String toRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        int i = 0;
        boolean quantifiable = false;
        while (i < glob.length()) {
            char c = glob.charAt(i);
            quantifiable = quantifiable(glob, i);
            switch (c) {
                case '*' -> {
                    if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                        i++;
                        // "**/" also matches nothing, so "**/a.js" matches "a.js" at the root.
                        if (i + 1 < glob.length() && glob.charAt(i + 1) == '/') {
                            i++;
                            regex.append("(?:.*/)?");
                        } else {
                            regex.append(".*");
                        }
                    } else {
                        regex.append("[^/]*");
                    }
                }
                case '?', '+' -> {
                    // A quantifier of the preceding character; with none to quantify it is itself.
                    if (quantifiable) {
                        regex.append(c);
                    } else {
                        literal(c, regex);
                    }
                }
                case '[' -> {
                    int end = glob.indexOf(']', i + 1);
                    if (end < 0) {
                        literal('[', regex);
                    } else {
                        regex.append('[');
                        for (int j = i + 1; j < end; j++) {
                            char member = glob.charAt(j);
                            if (member == '-' && j > i + 1 && j < end - 1) {
                                regex.append('-');
                            } else {
                                literal(member, regex);
                            }
                        }
                        regex.append(']');
                        i = end;
                    }
                }
                case '\\' -> {
                    i++;
                    literal(i < glob.length() ? glob.charAt(i) : '\\', regex);
                }
                default -> literal(c, regex);
            }
            i++;
        }
        return regex.toString();
    }

    /** Whether the glob character before {@code index} is a single-character atom (a literal or a set). */
    private static boolean quantifiable(String glob, int index) {
        if (index == 0) {
            return false;
        }
        char previous = glob.charAt(index - 1);
        boolean escaped = index >= 2 && glob.charAt(index - 2) == '\\';
        return escaped || (previous != '*' && previous != '?' && previous != '+');
    }

    /** One character matched as itself; the quantifiers {@code ?} and {@code +} may follow it. */
    private static void literal(char c, StringBuilder regex) {
        if (!Character.isLetterOrDigit(c) && c < 128) {
            regex.append('\\');
        }
        regex.append(c);
    }
}
