package dev.gantry.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.protocol.JobCompletion;
import dev.gantry.protocol.StepUpdate;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A {@link JobReporter} that remembers everything and checks the contract as it goes: chunks of
 * a step arrive in offset order without gaps, each made of whole lines, and nothing comes after
 * the job completed. Thread-safe.
 */
final class TestingJobReporter implements JobReporter {
    private final Map<Integer, ByteArrayOutputStream> logs = new LinkedHashMap<>();
    private final Map<Integer, Integer> chunkCounts = new LinkedHashMap<>();
    private final Map<Integer, List<StepUpdate>> updates = new LinkedHashMap<>();
    private static final int KEPT_BYTES = 4 * 1024 * 1024;
    private final Map<Integer, Long> sizes = new LinkedHashMap<>();
    private JobCompletion completion;
    private long largestChunk;

    @Override
    public synchronized void stepUpdated(int stepNumber, StepUpdate update) {
        assertThat(completion).as("step update after completion").isNull();
        updates.computeIfAbsent(stepNumber, number -> new ArrayList<>()).add(update);
    }

    @Override
    public synchronized void logAppended(int stepNumber, long offset, byte[] chunk) {
        assertThat(completion).as("log after completion").isNull();
        ByteArrayOutputStream log = logs.computeIfAbsent(stepNumber, number -> new ByteArrayOutputStream());
        assertThat(chunk).isNotEmpty();
        assertThat(chunk[chunk.length - 1]).as("a chunk ends with a whole line").isEqualTo((byte) '\n');
        long size = sizes.merge(stepNumber, (long) chunk.length, Long::sum);
        assertThat(offset).as("offset of step %d's chunk", stepNumber).isEqualTo(size - chunk.length);
        // Keep only the head of huge logs: the tests that print 100 MB check sizes, not text.
        if (log.size() < KEPT_BYTES) {
            log.writeBytes(chunk);
        }
        chunkCounts.merge(stepNumber, 1, Integer::sum);
        largestChunk = Math.max(largestChunk, chunk.length);
        notifyAll();
    }

    @Override
    public synchronized void jobCompleted(JobCompletion completion) {
        assertThat(this.completion).as("completed twice").isNull();
        this.completion = completion;
        notifyAll();
    }

    synchronized JobCompletion completion() {
        return completion;
    }

    /** Step {@code number}'s log, with the timestamps taken off. */
    synchronized String log(int number) {
        ByteArrayOutputStream log = logs.get(number);
        if (log == null) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        for (String line : log.toString(StandardCharsets.UTF_8).split("\n")) {
            assertThat(line).as("GitHub's log line format").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{7}Z .*");
            text.append(line.substring(29)).append('\n');
        }
        return text.toString();
    }

    /** What step {@code number}'s process printed: its log after the {@code Run} header group. */
    synchronized String output(int number) {
        String log = log(number);
        int header = log.indexOf("##[endgroup]\n");
        return header < 0 ? log : log.substring(header + "##[endgroup]\n".length());
    }

    /** Every step's log, in step order. */
    synchronized String allLogs() {
        StringBuilder text = new StringBuilder();
        logs.keySet().stream().sorted().forEach(number -> text.append(log(number)));
        return text.toString();
    }

    synchronized long logSize(int number) {
        return sizes.getOrDefault(number, 0L);
    }

    synchronized int chunkCount(int number) {
        return chunkCounts.getOrDefault(number, 0);
    }

    synchronized long largestChunk() {
        return largestChunk;
    }

    /** The updates of step {@code number}, in order. */
    synchronized List<StepUpdate> updates(int number) {
        return List.copyOf(updates.getOrDefault(number, List.of()));
    }

    /** The last update of step {@code number}. */
    synchronized StepUpdate last(int number) {
        List<StepUpdate> list = updates.get(number);
        assertThat(list).as("updates of step %d", number).isNotNull().isNotEmpty();
        return list.getLast();
    }

    synchronized List<Integer> stepNumbers() {
        return List.copyOf(updates.keySet());
    }

    /** Waits until step {@code number}'s log satisfies {@code condition}. */
    synchronized void awaitLog(int number, Predicate<String> condition, long timeoutMillis) throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMillis;
        while (!condition.test(log(number))) {
            long left = end - System.currentTimeMillis();
            if (left <= 0) {
                throw new AssertionError("step " + number + "'s log never matched; it is:\n" + log(number));
            }
            wait(left);
        }
    }
}
