package dev.gantry.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TestStepLog {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05.123456789Z"), ZoneOffset.UTC);

    @Test
    void linesAreStampedInGithubsFormatAndMasked() {
        TestingJobReporter reporter = new TestingJobReporter();
        SecretMasker masker = new SecretMasker();
        masker.add("pw-1234");
        try (StepLog log = new StepLog(3, reporter, masker, CLOCK, StepLog.LogPolicy.DEFAULT)) {
            log.write("hello pw-1234");
            log.write("two\nlines");
        }
        assertThat(reporter.log(3)).isEqualTo("hello ***\ntwo\nlines\n");
        assertThat(reporter.chunkCount(3)).isEqualTo(1);
    }

    @Test
    void theTimestampHasSevenFractionDigits() {
        TestingJobReporter reporter = new TestingJobReporter();
        StepLog log = new StepLog(1, reporter, new SecretMasker(), CLOCK, StepLog.LogPolicy.DEFAULT);
        log.write("x");
        log.close();
        assertThat(reporter.allLogs()).isEqualTo("x\n");
        // TestingJobReporter checks the format of each line; here the exact text of one.
        RecordingReporter raw = new RecordingReporter();
        StepLog exact = new StepLog(1, raw, new SecretMasker(), CLOCK, StepLog.LogPolicy.DEFAULT);
        exact.write("x");
        exact.close();
        assertThat(raw.text.toString()).isEqualTo("2026-01-02T03:04:05.1234567Z x\n");
    }

    @Test
    void chunksNeverExceedTheLimitAndOffsetsFollowEachOther() {
        TestingJobReporter reporter = new TestingJobReporter();
        StepLog.LogPolicy small = new StepLog.LogPolicy(256, Duration.ofHours(1));
        try (StepLog log = new StepLog(1, reporter, new SecretMasker(), CLOCK, small)) {
            for (int i = 0; i < 100; i++) {
                log.write("line number " + i);
            }
        }
        assertThat(reporter.largestChunk()).isLessThanOrEqualTo(256);
        assertThat(reporter.chunkCount(1)).isGreaterThan(10);
        assertThat(reporter.log(1)).startsWith("line number 0\n").endsWith("line number 99\n");
    }

    @Test
    void aLineWaitsForTheFlushIntervalUnlessTheBufferFills() {
        TestingJobReporter reporter = new TestingJobReporter();
        MutableClock clock = new MutableClock();
        StepLog log = new StepLog(1, reporter, new SecretMasker(), clock, new StepLog.LogPolicy(1024, Duration.ofMillis(500)));
        log.write("early");
        log.flushIfDue();
        assertThat(reporter.chunkCount(1)).isZero();
        clock.now = clock.now.plusMillis(500);
        log.flushIfDue();
        assertThat(reporter.chunkCount(1)).isEqualTo(1);
    }

    @Test
    void writesAfterCloseAreDropped() {
        TestingJobReporter reporter = new TestingJobReporter();
        StepLog log = new StepLog(1, reporter, new SecretMasker(), CLOCK, StepLog.LogPolicy.DEFAULT);
        log.write("kept");
        log.close();
        log.write("late background output");
        log.flush();
        assertThat(reporter.log(1)).isEqualTo("kept\n");
    }

    private static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-01-02T03:04:05Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static final class RecordingReporter implements JobReporter {
        final StringBuilder text = new StringBuilder();

        @Override
        public void stepUpdated(int stepNumber, dev.gantry.protocol.StepUpdate update) {
        }

        @Override
        public void logAppended(int stepNumber, long offset, byte[] chunk) {
            text.append(new String(chunk, java.nio.charset.StandardCharsets.UTF_8));
        }

        @Override
        public void jobCompleted(dev.gantry.protocol.JobCompletion completion) {
        }
    }
}
