package dev.gantry.runner;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.protocol.Conclusion;
import dev.gantry.protocol.JobCompletion;
import dev.gantry.protocol.StepStatus;
import dev.gantry.protocol.StepUpdate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TestQueuedJobReporter {
    /** A server that answers only once the test lets it, recording what it was sent. */
    private static final class SlowServer implements JobReporter {
        final CountDownLatch answer = new CountDownLatch(1);
        final List<String> received = new ArrayList<>();

        private synchronized void record(String what) {
            received.add(what);
        }

        synchronized List<String> received() {
            return List.copyOf(received);
        }

        private void await() {
            try {
                answer.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void stepUpdated(int stepNumber, StepUpdate update) {
            await();
            record("step " + stepNumber + " " + update.status());
        }

        @Override
        public void logAppended(int stepNumber, long offset, byte[] chunk) {
            await();
            record("log " + stepNumber + "@" + offset + " " + new String(chunk, UTF_8).strip());
        }

        @Override
        public void jobCompleted(JobCompletion completion) {
            record("completed " + completion.conclusion());
        }
    }

    private static StepUpdate update(StepStatus status) {
        return new StepUpdate("step", status, status == StepStatus.COMPLETED ? Conclusion.SUCCESS : null,
                "2026-11-29T09:00:00Z", null, null, null);
    }

    @Test
    void reportsReturnAtOnceAndReachTheServerInOrderBeforeTheCompletion() throws Exception {
        SlowServer server = new SlowServer();
        try (QueuedJobReporter reporter = new QueuedJobReporter(server)) {
            // None of these waits for the server, which has not answered yet.
            reporter.logAppended(0, 0, "set up\n".getBytes(UTF_8));
            reporter.stepUpdated(0, update(StepStatus.COMPLETED));
            reporter.stepUpdated(1, update(StepStatus.IN_PROGRESS));
            reporter.logAppended(1, 0, "one\n".getBytes(UTF_8));
            reporter.stepUpdated(1, update(StepStatus.COMPLETED));
            reporter.stepUpdated(2, update(StepStatus.IN_PROGRESS));
            reporter.stepUpdated(2, update(StepStatus.COMPLETED));

            CompletableFuture<Void> completing = CompletableFuture.runAsync(
                    () -> reporter.jobCompleted(new JobCompletion(Conclusion.SUCCESS, Map.of(), "2026-11-29T09:00:01Z")));
            Thread.sleep(100);
            assertThat(completing).as("the completion waits for the queue").isNotDone();

            server.answer.countDown();
            completing.get(10, TimeUnit.SECONDS);
        }
        // Step 2's in_progress, still queued when its completed update came, was replaced by it.
        assertThat(server.received()).containsExactly("log 0@0 set up", "step 0 COMPLETED", "step 1 IN_PROGRESS",
                "log 1@0 one", "step 1 COMPLETED", "step 2 COMPLETED", "completed SUCCESS");
    }

    @Test
    void aFullQueueMakesTheJobWaitAndLosesNothing() throws Exception {
        SlowServer server = new SlowServer();
        int chunks = QueuedJobReporter.CAPACITY * 3;
        try (QueuedJobReporter reporter = new QueuedJobReporter(server)) {
            CompletableFuture<Void> printing = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < chunks; i++) {
                    reporter.logAppended(1, i * 2L, (i % 10 + "\n").getBytes(UTF_8));
                }
            });
            Thread.sleep(100);
            assertThat(printing).as("the step waits for room in the queue").isNotDone();
            server.answer.countDown();
            printing.get(10, TimeUnit.SECONDS);
            reporter.jobCompleted(new JobCompletion(Conclusion.SUCCESS, Map.of(), "2026-11-29T09:00:01Z"));
        }
        List<String> received = server.received();
        assertThat(received).hasSize(chunks + 1);
        for (int i = 0; i < chunks; i++) {
            assertThat(received.get(i)).isEqualTo("log 1@" + i * 2L + " " + i % 10);
        }
    }
}
