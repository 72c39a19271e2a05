package dev.gantry.runner;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * One step's log on its way to the server: each line is masked, stamped in GitHub's format
 * ({@code 2026-01-02T03:04:05.1234567Z text}) and buffered; the buffer goes out as a chunk when it
 * reaches {@link LogPolicy#chunkBytes()} or when the {@link LogFlusher} finds it older than
 * {@link LogPolicy#flushInterval()}. Memory stays bounded by one chunk plus one line, whatever a
 * step prints, and a full buffer blocks the writer (and so the step's output pipe) until sent.
 */
public final class StepLog implements AutoCloseable {
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSS'Z'").withZone(ZoneOffset.UTC);

    /** How big a chunk may grow and how long a line may wait before it is sent. */
    public record LogPolicy(int chunkBytes, Duration flushInterval) {
        public static final LogPolicy DEFAULT = new LogPolicy(64 * 1024, Duration.ofMillis(500));
    }

    private final int stepNumber;
    private final JobReporter reporter;
    private final SecretMasker masker;
    private final Clock clock;
    private final LogPolicy policy;
    private final ByteArrayOutputStream buffer;
    private long offset;
    private Instant oldestBuffered;
    private boolean closed;

    public StepLog(int stepNumber, JobReporter reporter, SecretMasker masker, Clock clock, LogPolicy policy) {
        this.stepNumber = stepNumber;
        this.reporter = reporter;
        this.masker = masker;
        this.clock = clock;
        this.policy = policy;
        this.buffer = new ByteArrayOutputStream(Math.min(policy.chunkBytes(), 8192));
    }

    public int stepNumber() {
        return stepNumber;
    }

    /** Writes {@code text}, one log line per line of it; masked before anything else sees it. */
    public synchronized void write(String text) {
        if (closed) {
            return;
        }
        Instant now = clock.instant();
        String stamp = TIMESTAMP.format(now);
        for (String line : text.split("\r?\n", -1)) {
            byte[] bytes = (stamp + " " + masker.mask(line) + "\n").getBytes(StandardCharsets.UTF_8);
            if (buffer.size() > 0 && buffer.size() + bytes.length > policy.chunkBytes()) {
                send();
            }
            if (buffer.size() == 0) {
                oldestBuffered = now;
            }
            buffer.write(bytes, 0, bytes.length);
        }
        if (buffer.size() >= policy.chunkBytes()) {
            send();
        }
    }

    /** Sends the buffer when its oldest line has waited a flush interval. */
    public synchronized void flushIfDue() {
        if (buffer.size() > 0 && !clock.instant().isBefore(oldestBuffered.plus(policy.flushInterval()))) {
            send();
        }
    }

    public synchronized void flush() {
        if (buffer.size() > 0) {
            send();
        }
    }

    /** Flushes; later writes are dropped (a background process may outlive its step). */
    @Override
    public synchronized void close() {
        flush();
        closed = true;
    }

    private void send() {
        byte[] chunk = buffer.toByteArray();
        buffer.reset();
        long at = offset;
        offset += chunk.length;
        reporter.logAppended(stepNumber, at, chunk);
    }
}
