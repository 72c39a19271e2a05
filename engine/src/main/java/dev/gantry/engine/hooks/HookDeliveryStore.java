package dev.gantry.engine.hooks;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The durable outbox of webhook deliveries, the attempts made, and which workflow actions were
 * already announced.
 */
public interface HookDeliveryStore {
    /** Adds a delivery due at once. */
    HookDelivery enqueue(long hookId, String guid, String event, String action, Long repositoryId, String payload, Instant now);

    /**
     * Takes up to {@code limit} deliveries due at {@code now}, oldest first, leased until
     * {@code now + lease} so no other node sends them meanwhile; a lease that ran out (a node that
     * died mid-send) makes the delivery due again.
     */
    List<HookDelivery> claimDue(Instant now, Duration lease, int limit);

    /**
     * Records an attempt and what comes next: another try at {@code retryAt}, or none (null) when
     * it succeeded or was given up.
     */
    HookAttempt recordAttempt(HookDelivery delivery, Instant deliveredAt, Duration duration, String status, int statusCode,
            boolean success, Instant retryAt);

    /** Gives a claimed delivery back untried (the node is stopping), due again at once. */
    void release(long deliveryId);

    /**
     * A hook's attempts, newest first, up to {@code limit}, those older than attempt {@code before}
     * when given (GitHub's cursor), only successful or failed ones when {@code success} says so.
     */
    List<HookAttempt> listAttempts(long hookId, OptionalLong before, Boolean success, int limit);

    /** Attempts so far, by outcome ({@code true} = delivered): what the metrics show. */
    Map<Boolean, Long> countAttemptsByOutcome();

    /** Deliveries still to be tried. */
    long countPending();

    /** The actions already announced for a run attempt, as {@code subject:id:action}. */
    Set<String> announced(long runId, int attempt);

    /**
     * Records that {@code action} of a run or job was announced; false when it already was (by
     * another thread or node), in which case the caller must not announce it again.
     */
    boolean announce(long runId, String subject, long subjectId, int attempt, String action, Instant now);
}
