package dev.gantry.bench.engine;

import java.util.Locale;

/**
 * One row of the suite's table ({@code bench/run-all}): a figure, the reference it is divided by
 * (measured on the same machine in the same run), their ratio, the aim and whether it is met.
 * Each program prints its rows as tab-separated lines starting with {@value #PREFIX}, which
 * {@code bench/run-all} collects.
 */
record Summary(String benchmark, String figure, String reference, String ratio, String aim, String verdict) {
    static final String PREFIX = "SUMMARY\t";

    void print() {
        System.out.println(PREFIX + String.join("\t", benchmark, figure, reference, ratio, aim, verdict));
    }

    static String format(String pattern, Object... values) {
        return String.format(Locale.ROOT, pattern, values);
    }

    static String mib(long bytes) {
        return format("%.0f MiB", bytes / 1048576.0);
    }

    static String verdict(boolean met, String gap) {
        return met ? "met" : "missed: " + gap;
    }
}
