package dev.gantry.store;

import dev.gantry.engine.hooks.HookAttempt;
import dev.gantry.engine.hooks.HookDelivery;
import dev.gantry.engine.hooks.HookDeliveryStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The webhook outbox ({@code hook_deliveries}), its attempts ({@code hook_delivery_attempts}) and
 * the announced workflow actions ({@code workflow_announcements}). Claims are one UPDATE, with
 * {@code FOR UPDATE SKIP LOCKED} on PostgreSQL as the job queue's claim.
 */
public final class SqlHookDeliveryStore implements HookDeliveryStore {
    private static final String DELIVERY_COLUMNS = "id, hook_id, guid, event, action, repository_id, payload, created_at, attempts";

    private final Database database;

    public SqlHookDeliveryStore(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public HookDelivery enqueue(long hookId, String guid, String event, String action, Long repositoryId, String payload, Instant now) {
        return database.write(handle -> handle.createQuery("""
                        INSERT INTO hook_deliveries (hook_id, guid, event, action, repository_id, payload, created_at, attempts,
                            next_attempt_at)
                        VALUES (:hookId, :guid, :event, :action, :repositoryId, :payload, :now, 0, :now)
                        RETURNING""" + " " + DELIVERY_COLUMNS)
                .bind("hookId", hookId)
                .bind("guid", guid)
                .bind("event", event)
                .bind("action", action)
                .bind("repositoryId", repositoryId)
                .bind("payload", payload)
                .bind("now", Timestamps.toMillis(now))
                .map(SqlHookDeliveryStore::delivery)
                .one());
    }

    @Override
    public List<HookDelivery> claimDue(Instant now, Duration lease, int limit) {
        List<HookDelivery> claimed = database.write(handle -> handle.createQuery("""
                        UPDATE hook_deliveries SET claimed_until = :until
                        WHERE id IN (SELECT candidate.id FROM hook_deliveries candidate
                                     WHERE candidate.next_attempt_at <= :now
                                       AND (candidate.claimed_until IS NULL OR candidate.claimed_until < :now)
                                     ORDER BY candidate.id
                                     LIMIT :limit""" + database.dialect().skipLockedClause() + ")\n"
                        + "RETURNING " + DELIVERY_COLUMNS)
                .bind("now", Timestamps.toMillis(now))
                .bind("until", Timestamps.toMillis(now.plus(lease)))
                .bind("limit", limit)
                .map(SqlHookDeliveryStore::delivery)
                .list());
        // RETURNING gives no order: send in the order the events happened.
        return claimed.stream().sorted(Comparator.comparingLong(HookDelivery::id)).toList();
    }

    @Override
    public HookAttempt recordAttempt(HookDelivery delivery, Instant deliveredAt, Duration duration, String status, int statusCode,
            boolean success, Instant retryAt) {
        return database.write(handle -> {
            handle.createUpdate("""
                            UPDATE hook_deliveries SET attempts = attempts + 1, next_attempt_at = :retryAt, claimed_until = NULL
                            WHERE id = :id""")
                    .bind("id", delivery.id())
                    .bind("retryAt", Timestamps.toMillis(retryAt))
                    .execute();
            long id = handle.createQuery("""
                            INSERT INTO hook_delivery_attempts (delivery_id, hook_id, delivered_at, redelivery, duration_millis, status,
                                status_code, success)
                            VALUES (:deliveryId, :hookId, :deliveredAt, :redelivery, :duration, :status, :statusCode, :success)
                            RETURNING id""")
                    .bind("deliveryId", delivery.id())
                    .bind("hookId", delivery.hookId())
                    .bind("deliveredAt", Timestamps.toMillis(deliveredAt))
                    .bind("redelivery", delivery.attempts() > 0 ? 1 : 0)
                    .bind("duration", duration.toMillis())
                    .bind("status", status)
                    .bind("statusCode", statusCode)
                    .bind("success", success ? 1 : 0)
                    .mapTo(Long.class)
                    .one();
            return new HookAttempt(id, delivery.id(), delivery.hookId(), delivery.guid(), delivery.event(), delivery.action(),
                    delivery.repositoryId(), deliveredAt, delivery.attempts() > 0, duration, status, statusCode, success);
        });
    }

    @Override
    public void release(long deliveryId) {
        database.write(handle -> handle.createUpdate("UPDATE hook_deliveries SET claimed_until = NULL WHERE id = :id")
                .bind("id", deliveryId)
                .execute());
    }

    @Override
    public List<HookAttempt> listAttempts(long hookId, OptionalLong before, Boolean success, int limit) {
        return database.read(handle -> handle.createQuery("""
                        SELECT a.id, a.delivery_id, a.hook_id, d.guid, d.event, d.action, d.repository_id, a.delivered_at, a.redelivery,
                            a.duration_millis, a.status, a.status_code, a.success
                        FROM hook_delivery_attempts a JOIN hook_deliveries d ON d.id = a.delivery_id
                        WHERE a.hook_id = :hookId""" + (before.isPresent() ? " AND a.id < :before" : "")
                        + (success != null ? " AND a.success = :success" : "") + " ORDER BY a.id DESC LIMIT :limit")
                .bind("hookId", hookId)
                .bind("before", before.isPresent() ? before.getAsLong() : null)
                .bind("success", success == null ? null : success ? 1 : 0)
                .bind("limit", limit)
                .map(SqlHookDeliveryStore::attempt)
                .list());
    }

    @Override
    public Map<Boolean, Long> countAttemptsByOutcome() {
        Map<Boolean, Long> counts = new HashMap<>(Map.of(true, 0L, false, 0L));
        database.read(handle -> handle.createQuery("SELECT success, COUNT(*) FROM hook_delivery_attempts GROUP BY success")
                .map((row, context) -> counts.put(row.getInt(1) == 1, row.getLong(2)))
                .list());
        return counts;
    }

    @Override
    public long countPending() {
        return database.read(handle -> handle.createQuery("SELECT COUNT(*) FROM hook_deliveries WHERE next_attempt_at IS NOT NULL")
                .mapTo(Long.class)
                .one());
    }

    @Override
    public Set<String> announced(long runId, int attempt) {
        return new HashSet<>(database.read(handle -> handle.createQuery("""
                        SELECT subject, subject_id, action FROM workflow_announcements WHERE run_id = :runId AND attempt = :attempt""")
                .bind("runId", runId)
                .bind("attempt", attempt)
                .map((row, context) -> row.getString(1) + ":" + row.getLong(2) + ":" + row.getString(3))
                .list()));
    }

    @Override
    public boolean announce(long runId, String subject, long subjectId, int attempt, String action, Instant now) {
        return database.write(handle -> handle.createUpdate("""
                        INSERT INTO workflow_announcements (run_id, subject, subject_id, attempt, action, announced_at)
                        VALUES (:runId, :subject, :subjectId, :attempt, :action, :now)
                        ON CONFLICT DO NOTHING""")
                .bind("runId", runId)
                .bind("subject", subject)
                .bind("subjectId", subjectId)
                .bind("attempt", attempt)
                .bind("action", action)
                .bind("now", Timestamps.toMillis(now))
                .execute()) == 1;
    }

    private static HookDelivery delivery(ResultSet row, StatementContext context) throws SQLException {
        long repositoryId = row.getLong("repository_id");
        Long repository = row.wasNull() ? null : repositoryId;
        return new HookDelivery(row.getLong("id"), row.getLong("hook_id"), row.getString("guid"), row.getString("event"),
                row.getString("action"), repository, row.getString("payload"), Timestamps.instant(row, "created_at"),
                row.getInt("attempts"));
    }

    private static HookAttempt attempt(ResultSet row, StatementContext context) throws SQLException {
        long repositoryId = row.getLong("repository_id");
        Long repository = row.wasNull() ? null : repositoryId;
        return new HookAttempt(row.getLong("id"), row.getLong("delivery_id"), row.getLong("hook_id"), row.getString("guid"),
                row.getString("event"), row.getString("action"), repository, Timestamps.instant(row, "delivered_at"),
                row.getInt("redelivery") == 1, Duration.ofMillis(row.getLong("duration_millis")), row.getString("status"),
                row.getInt("status_code"), row.getInt("success") == 1);
    }
}
