package dev.gantry.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.protocol.Conclusion;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestJobCancellation {
    @TempDir
    Path work;

    @Test
    void cancelKillsTheRunningStepTreeQuicklyAndAlwaysStepsStillRun() throws Exception {
        TestingJobs.Job job = TestingJobs.job();
        job.run("echo started; sleep 300 & wait; sleep 300");
        job.run("echo skipped");
        job.run("echo cleanup ${{ job.status }}").condition("always()");
        TestingJobReporter reporter = new TestingJobReporter();
        CancellationSignal cancellation = new CancellationSignal();
        CompletableFuture<Conclusion> result = TestingJobs.start(work, job, reporter, cancellation);
        reporter.awaitLog(1, log -> log.contains("\nstarted\n"), 10_000);
        Instant cancelled = Instant.now();
        cancellation.cancel(CancellationSignal.Reason.CANCELLED);
        Conclusion conclusion = result.get();

        assertThat(Duration.between(cancelled, Instant.now())).isLessThan(Duration.ofSeconds(5));
        assertThat(conclusion).isEqualTo(Conclusion.CANCELLED);
        assertThat(reporter.completion().conclusion()).isEqualTo(Conclusion.CANCELLED);
        assertThat(reporter.last(1).conclusion()).isEqualTo(Conclusion.CANCELLED);
        assertThat(reporter.log(1)).endsWith("##[error]The operation was canceled.\n");
        assertThat(reporter.last(2).conclusion()).isEqualTo(Conclusion.SKIPPED);
        assertThat(reporter.last(3).conclusion()).as(reporter.log(3)).isEqualTo(Conclusion.SUCCESS);
        assertThat(reporter.log(3)).contains("\ncleanup cancelled\n");
    }

    @Test
    void aProcessIgnoringSigintIsKilledAfterTheGracePeriod() throws Exception {
        TestingJobs.Job job = TestingJobs.job();
        job.run("trap '' INT; echo stubborn; while true; do sleep 0.1; done");
        TestingJobReporter reporter = new TestingJobReporter();
        CancellationSignal cancellation = new CancellationSignal();
        CompletableFuture<Conclusion> result = TestingJobs.start(work, job, reporter, cancellation);
        reporter.awaitLog(1, log -> log.contains("\nstubborn\n"), 10_000);
        Instant cancelled = Instant.now();
        cancellation.cancel(CancellationSignal.Reason.CANCELLED);
        assertThat(result.get()).isEqualTo(Conclusion.CANCELLED);
        assertThat(Duration.between(cancelled, Instant.now())).isBetween(StepProcess.KILL_GRACE.minusMillis(100), Duration.ofSeconds(10));
    }

    @Test
    void stepTimeoutFailsTheStepWithGithubsMessage() throws Exception {
        TestingJobs.Job job = TestingJobs.job();
        job.run("sleep 300").timeoutMinutes("${{ 0.01 }}");
        job.run("echo after-timeout").condition("failure()");
        Instant start = Instant.now();
        TestingJobReporter reporter = TestingJobs.run(work, job);

        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(8));
        assertThat(reporter.last(1).conclusion()).isEqualTo(Conclusion.FAILURE);
        assertThat(reporter.log(1)).contains("##[error]The action 'Run sleep 300' has timed out after 0.01 minutes.");
        assertThat(reporter.log(2)).contains("\nafter-timeout\n");
        assertThat(reporter.completion().conclusion()).isEqualTo(Conclusion.FAILURE);
    }

    @Test
    void jobTimeoutCancelsTheJob() throws Exception {
        TestingJobs.Job job = TestingJobs.job().timeoutMinutes(0.01);
        job.run("sleep 300");
        Instant start = Instant.now();
        TestingJobReporter reporter = TestingJobs.run(work, job);

        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(8));
        assertThat(reporter.completion().conclusion()).isEqualTo(Conclusion.CANCELLED);
        assertThat(reporter.log(2)).contains("##[error]The job running on runner runner-1 has exceeded the maximum execution time of 0.01 minutes.");
    }

    @Test
    void hugeOutputStreamsInBoundedChunks() throws Exception {
        // 100 MiB of output: 1.6 M lines of 64 bytes. The reporter keeps only 4 MiB, the runner keeps one chunk.
        TestingJobs.Job job = TestingJobs.job();
        job.run("head -c 104857600 /dev/zero | tr '\\0' 'x' | fold -w 63");
        TestingJobReporter reporter = TestingJobs.run(work, job);

        assertThat(reporter.last(1).conclusion()).isEqualTo(Conclusion.SUCCESS);
        long lines = 104857600L / 63 + 1;
        assertThat(reporter.logSize(1)).isGreaterThan(lines * (28 + 1 + 63));
        assertThat(reporter.largestChunk()).isLessThanOrEqualTo(TestingJobs.FAST_LOGS.chunkBytes());
        assertThat(reporter.chunkCount(1)).isGreaterThan(1000);
    }

    @Test
    void linesArriveWhileTheStepStillRuns() throws Exception {
        TestingJobs.Job job = TestingJobs.job();
        job.run("echo early; sleep 3; echo late");
        TestingJobReporter reporter = new TestingJobReporter();
        CompletableFuture<Conclusion> result = TestingJobs.start(work, job, reporter, new CancellationSignal());
        reporter.awaitLog(1, log -> log.contains("\nearly\n"), 2_500);
        assertThat(reporter.output(1)).doesNotContain("late");
        assertThat(result.get()).isEqualTo(Conclusion.SUCCESS);
    }

    @Test
    void aBackgroundProcessHoldingTheOutputDoesNotHoldTheStep() throws Exception {
        TestingJobs.Job job = TestingJobs.job();
        job.run("sleep 300 &\necho foreground-done");
        job.run("echo next");
        Instant start = Instant.now();
        TestingJobReporter reporter = TestingJobs.run(work, job);

        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(8));
        assertThat(reporter.output(1)).isEqualTo("foreground-done\n");
        assertThat(reporter.output(2)).isEqualTo("next\n");
        assertThat(reporter.log(3)).contains("Terminate orphan process: pid (");
    }
}
