package dev.gantry.store;

import dev.gantry.engine.workflows.WorkflowSchedule;
import dev.gantry.engine.workflows.WorkflowScheduleStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jdbi.v3.core.statement.StatementContext;

/** Schedules in {@code workflow_schedules}. */
public final class SqlWorkflowScheduleStore implements WorkflowScheduleStore {
    private final Database database;

    public SqlWorkflowScheduleStore(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public void replaceForRepository(long repositoryId, List<WorkflowSchedule> schedules) {
        database.write(handle -> {
            handle.createUpdate(
                            "DELETE FROM workflow_schedules WHERE workflow_id IN (SELECT id FROM workflows WHERE repository_id = :repositoryId)")
                    .bind("repositoryId", repositoryId)
                    .execute();
            for (WorkflowSchedule schedule : schedules) {
                handle.createUpdate("""
                                INSERT INTO workflow_schedules (workflow_id, cron, next_run_at) VALUES (:workflowId, :cron, :next)
                                ON CONFLICT (workflow_id, cron) DO NOTHING""")
                        .bind("workflowId", schedule.workflowId())
                        .bind("cron", schedule.cron())
                        .bind("next", Timestamps.toMillis(schedule.nextRunAt()))
                        .execute();
            }
            return null;
        });
    }

    @Override
    public List<WorkflowSchedule> listDue(Instant now, int limit) {
        return database.read(handle -> handle.createQuery("""
                        SELECT workflow_id, cron, next_run_at FROM workflow_schedules
                        WHERE next_run_at <= :now ORDER BY next_run_at, workflow_id LIMIT :limit""")
                .bind("now", Timestamps.toMillis(now))
                .bind("limit", limit)
                .map(SqlWorkflowScheduleStore::schedule)
                .list());
    }

    @Override
    public boolean moveOn(long workflowId, String cron, Instant expected, Instant next) {
        return database.write(handle -> handle.createUpdate("""
                        UPDATE workflow_schedules SET next_run_at = :next
                        WHERE workflow_id = :workflowId AND cron = :cron AND next_run_at = :expected""")
                .bind("workflowId", workflowId)
                .bind("cron", cron)
                .bind("expected", Timestamps.toMillis(expected))
                .bind("next", Timestamps.toMillis(next))
                .execute() > 0);
    }

    @Override
    public List<WorkflowSchedule> listForWorkflow(long workflowId) {
        return database.read(handle -> handle.createQuery(
                        "SELECT workflow_id, cron, next_run_at FROM workflow_schedules WHERE workflow_id = :workflowId ORDER BY cron")
                .bind("workflowId", workflowId)
                .map(SqlWorkflowScheduleStore::schedule)
                .list());
    }

    private static WorkflowSchedule schedule(ResultSet row, StatementContext context) throws SQLException {
        return new WorkflowSchedule(row.getLong("workflow_id"), row.getString("cron"), Timestamps.instant(row, "next_run_at"));
    }
}
