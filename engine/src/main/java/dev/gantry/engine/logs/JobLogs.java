package dev.gantry.engine.logs;

import dev.gantry.engine.ErrorCategory;
import dev.gantry.engine.GantryException;
import dev.gantry.engine.blob.BlobStore;
import dev.gantry.engine.blob.BlobOffsetGapException;
import java.io.InputStream;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Job logs as runners stream them: the whole job's log and one log per step, each a blob appended
 * in chunks at an offset, so a chunk resent after a lost answer is not written twice.
 */
public final class JobLogs {
    private final BlobStore blobs;

    public JobLogs(BlobStore blobs) {
        this.blobs = Objects.requireNonNull(blobs, "blobs");
    }

    /**
     * Appends a chunk of the job's log (or of one step's log when {@code stepNumber} is given) at {@code offset}.
     *
     * @return the log's size afterwards: the offset of the next chunk
     * @throws GantryException BAD_REQUEST when {@code offset} leaves a gap after the log's end
     */
    public long append(long jobId, Optional<Integer> stepNumber, long offset, InputStream chunk) {
        try {
            return blobs.append(key(jobId, stepNumber), offset, chunk);
        } catch (BlobOffsetGapException gap) {
            throw new GantryException(ErrorCategory.BAD_REQUEST, gap.getMessage());
        }
    }

    /** The log's content; empty when nothing was written. */
    public Optional<InputStream> open(long jobId, Optional<Integer> stepNumber) {
        return blobs.open(key(jobId, stepNumber));
    }

    public long size(long jobId, Optional<Integer> stepNumber) {
        return blobs.size(key(jobId, stepNumber)).orElse(0L);
    }

    /** Removes the job's own log and those of {@code stepNumbers}. */
    public void delete(long jobId, List<Integer> stepNumbers) {
        blobs.delete(key(jobId, Optional.empty()));
        for (int step : stepNumbers) {
            blobs.delete(key(jobId, Optional.of(step)));
        }
    }

    static String key(long jobId, Optional<Integer> stepNumber) {
        return stepNumber.map(step -> "logs/jobs/" + jobId + "/steps/" + step).orElse("logs/jobs/" + jobId + "/job");
    }
}
