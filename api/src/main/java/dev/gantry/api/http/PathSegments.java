package dev.gantry.api.http;

import java.util.ArrayList;
import java.util.List;

/** Splits a path into its non-empty segments; {@code /a//b/} and {@code /a/b} are the same path. */
final class PathSegments {
    private PathSegments() {}

    static List<String> split(String path) {
        List<String> segments = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= path.length(); i++) {
            if (i == path.length() || path.charAt(i) == '/') {
                if (i > start) {
                    segments.add(path.substring(start, i));
                }
                start = i + 1;
            }
        }
        return segments;
    }

    static boolean isParameter(String segment) {
        return segment.length() > 2 && segment.charAt(0) == '{' && segment.charAt(segment.length() - 1) == '}';
    }
}
