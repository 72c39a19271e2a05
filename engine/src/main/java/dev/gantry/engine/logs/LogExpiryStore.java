package dev.gantry.engine.logs;

import java.time.Instant;
import java.util.List;

/** When each run's logs expire, stamped when the run is created (GitHub applies a retention change to new runs only). */
public interface LogExpiryStore {
    void schedule(long runId, Instant expiresAt);

    /** Up to {@code limit} runs whose logs expired at or before {@code now}, earliest first. */
    List<Long> due(Instant now, int limit);

    /** Moves a run's expiry (a run still going when its logs fell due is looked at again later). */
    void postpone(long runId, Instant expiresAt);

    /** The run's logs are gone (or the run is): nothing left to expire. */
    void remove(long runId);
}
