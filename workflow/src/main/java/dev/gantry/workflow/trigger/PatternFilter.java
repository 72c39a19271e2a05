package dev.gantry.workflow.trigger;

import java.util.List;

/**
 * A {@code branches}/{@code tags}/{@code paths} filter ({@code ignore = false}) or its
 * {@code -ignore} form ({@code ignore = true}).
 */
public record PatternFilter(List<FilterPattern> patterns, boolean ignore) {
    public PatternFilter {
        patterns = List.copyOf(patterns);
    }

    /** Compiles the written patterns. */
    public static PatternFilter of(List<String> patterns, boolean ignore) {
        return new PatternFilter(patterns.stream().map(FilterPattern::compile).toList(), ignore);
    }

    /**
     * Whether the event passes: an include filter passes when at least one value is selected; an
     * ignore filter passes when at least one value is not ignored (for paths: a push that changes
     * only ignored files does not run; one that also changes others does).
     */
    public boolean accepts(List<String> values) {
        for (String value : values) {
            if (FilterPattern.selects(patterns, value) != ignore) {
                return true;
            }
        }
        return false;
    }
}
