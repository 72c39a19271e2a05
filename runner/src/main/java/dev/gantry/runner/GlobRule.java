package dev.gantry.runner;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * One line of a file pattern list, as {@code @actions/glob} reads it ({@code hashFiles()},
 * {@code upload-artifact}'s {@code path}): a glob relative to a base directory, {@code !} to
 * exclude; {@code **} matches any number of directories, none included; a directory matches
 * everything below it.
 */
record GlobRule(boolean negated, List<PathMatcher> matchers) {
    GlobRule {
        matchers = List.copyOf(matchers);
    }

    /** {@code pattern} relative to {@code base} (an absolute pattern under {@code base} is made relative). */
    static GlobRule of(String pattern, Path base) {
        boolean negated = pattern.startsWith("!");
        String glob = negated ? pattern.substring(1) : pattern;
        if (glob.startsWith(base.toString() + "/")) {
            glob = glob.substring(base.toString().length() + 1);
        }
        if (glob.startsWith("./")) {
            glob = glob.substring(2);
        }
        List<PathMatcher> matchers = new ArrayList<>();
        for (String variant : zeroDirectoryVariants(glob)) {
            matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + variant));
            // A directory pattern matches everything below it, as the runner's globber does.
            matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + variant + "/**"));
        }
        return new GlobRule(negated, matchers);
    }

    /** Whether {@code relative} is matched by some rule and not excluded by a later one (later rules win). */
    static boolean matches(List<GlobRule> rules, Path relative) {
        boolean matched = false;
        for (GlobRule rule : rules) {
            if (rule.negated() ? matched : !matched) {
                if (rule.matches(relative)) {
                    matched = !rule.negated();
                }
            }
        }
        return matched;
    }

    /** Where a search for the absolute pattern starts: its leading segments that hold no glob characters. */
    static Path literalPrefix(Path absolute) {
        Path prefix = absolute.getRoot();
        for (Path segment : absolute) {
            if (segment.toString().matches(".*[*?\\[\\]{}].*")) {
                break;
            }
            prefix = prefix.resolve(segment);
        }
        return prefix;
    }

    boolean matches(Path relative) {
        return matchers.stream().anyMatch(matcher -> matcher.matches(relative));
    }

    /** Java's {@code **}/ needs at least one directory; GitHub's does not: add each way of skipping one. */
    private static List<String> zeroDirectoryVariants(String glob) {
        List<String> variants = new ArrayList<>(List.of(glob));
        for (int i = 0; i < variants.size() && variants.size() < 16; i++) {
            String variant = variants.get(i);
            int at = variant.indexOf("**/");
            while (at >= 0) {
                String skipped = variant.substring(0, at) + variant.substring(at + 3);
                if (!variants.contains(skipped)) {
                    variants.add(skipped);
                }
                at = variant.indexOf("**/", at + 3);
            }
        }
        return variants;
    }
}
