package dev.gantry.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.engine.deployments.DeploymentGate;
import dev.gantry.engine.deployments.DeploymentGateStore;
import dev.gantry.engine.deployments.DeploymentReview;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Held jobs in {@code deployment_gates}, the review log in {@code deployment_reviews}. */
public final class SqlDeploymentGateStore implements DeploymentGateStore {
    private static final String COLUMNS = "id, job_id, run_id, run_attempt, repository_id, environment_id, environment_name, "
            + "wait_timer, requires_review, state, created_at, ready_at, reviewer_id, reviewed_at";

    private final Database database;

    public SqlDeploymentGateStore(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public DeploymentGate createIfAbsent(DeploymentGate gate) {
        // Two nodes advancing one run are serialized by the run's lock; the unique job index is the backstop.
        database.write(handle -> handle.createUpdate("""
                        INSERT INTO deployment_gates (job_id, run_id, run_attempt, repository_id, environment_id, environment_name,
                            wait_timer, requires_review, state, created_at, ready_at)
                        VALUES (:jobId, :runId, :runAttempt, :repositoryId, :environmentId, :environmentName, :waitTimer,
                            :requiresReview, :state, :createdAt, :readyAt)
                        ON CONFLICT DO NOTHING""")
                .bind("jobId", gate.jobId())
                .bind("runId", gate.runId())
                .bind("runAttempt", gate.runAttempt())
                .bind("repositoryId", gate.repositoryId())
                .bind("environmentId", gate.environmentId())
                .bind("environmentName", gate.environmentName())
                .bind("waitTimer", gate.waitTimer())
                .bind("requiresReview", gate.requiresReview())
                .bind("state", gate.state().value())
                .bind("createdAt", Timestamps.toMillis(gate.createdAt()))
                .bind("readyAt", Timestamps.toMillis(gate.readyAt()))
                .execute());
        return findByJob(gate.jobId()).orElseThrow();
    }

    @Override
    public Optional<DeploymentGate> findByJob(long jobId) {
        return database.read(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM deployment_gates WHERE job_id = :jobId")
                .bind("jobId", jobId)
                .map((rs, context) -> gate(rs))
                .findOne());
    }

    @Override
    public List<DeploymentGate> listForAttempt(long runId, int runAttempt) {
        return database.read(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM deployment_gates "
                        + "WHERE run_id = :runId AND run_attempt = :runAttempt ORDER BY id")
                .bind("runId", runId)
                .bind("runAttempt", runAttempt)
                .map((rs, context) -> gate(rs))
                .list());
    }

    @Override
    public boolean review(long gateId, DeploymentGate.State state, long reviewerId, Instant now) {
        return database.write(handle -> handle.createUpdate("""
                        UPDATE deployment_gates SET state = :state, reviewer_id = :reviewerId, reviewed_at = :now
                        WHERE id = :id AND state = 'awaiting_review'""")
                .bind("state", state.value())
                .bind("reviewerId", reviewerId)
                .bind("now", Timestamps.toMillis(now))
                .bind("id", gateId)
                .execute() > 0);
    }

    @Override
    public List<DeploymentGate> listDue(Instant now) {
        return database.read(handle -> handle.createQuery("SELECT " + prefixed("gate") + " FROM deployment_gates gate "
                        + "JOIN jobs ON jobs.id = gate.job_id "
                        + "WHERE gate.state = 'cleared' AND gate.ready_at <= :now AND jobs.status = 'waiting' ORDER BY gate.id")
                .bind("now", Timestamps.toMillis(now))
                .map((rs, context) -> gate(rs))
                .list());
    }

    @Override
    public DeploymentReview addReview(long runId, long userId, String state, String comment, List<Long> environmentIds, Instant now) {
        long id = database.write(handle -> handle.createQuery("""
                        INSERT INTO deployment_reviews (run_id, user_id, state, comment, environment_ids, created_at)
                        VALUES (:runId, :userId, :state, :comment, :environmentIds, :now)
                        RETURNING id""")
                .bind("runId", runId)
                .bind("userId", userId)
                .bind("state", state)
                .bind("comment", comment)
                .bind("environmentIds", JsonColumns.write(environmentIds))
                .bind("now", Timestamps.toMillis(now))
                .mapTo(Long.class)
                .one());
        return new DeploymentReview(id, runId, userId, state, comment, environmentIds, now);
    }

    @Override
    public List<DeploymentReview> listReviews(long runId) {
        return database.read(handle -> handle.createQuery("""
                        SELECT id, run_id, user_id, state, comment, environment_ids, created_at
                        FROM deployment_reviews WHERE run_id = :runId ORDER BY id""")
                .bind("runId", runId)
                .map((rs, context) -> {
                    List<Long> environmentIds = new ArrayList<>();
                    for (JsonNode id : JsonColumns.tree(rs.getString("environment_ids"))) {
                        environmentIds.add(id.asLong());
                    }
                    return new DeploymentReview(rs.getLong("id"), rs.getLong("run_id"), rs.getLong("user_id"), rs.getString("state"),
                            rs.getString("comment"), environmentIds, Timestamps.instant(rs, "created_at"));
                })
                .list());
    }

    private static String prefixed(String alias) {
        return alias + "." + COLUMNS.replace(", ", ", " + alias + ".");
    }

    private static DeploymentGate gate(ResultSet rs) throws SQLException {
        long reviewer = rs.getLong("reviewer_id");
        Long reviewerId = rs.wasNull() ? null : reviewer;
        return new DeploymentGate(rs.getLong("id"), rs.getLong("job_id"), rs.getLong("run_id"), rs.getInt("run_attempt"),
                rs.getLong("repository_id"), rs.getLong("environment_id"), rs.getString("environment_name"), rs.getInt("wait_timer"),
                rs.getBoolean("requires_review"), DeploymentGate.State.of(rs.getString("state")), Timestamps.instant(rs, "created_at"),
                Timestamps.instant(rs, "ready_at"), reviewerId, Timestamps.instant(rs, "reviewed_at"));
    }
}
