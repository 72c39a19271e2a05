package dev.gantry.store;

import dev.gantry.engine.queue.JobQueueStore;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The job queue's claim in SQL. One UPDATE takes the oldest queued job the runner may run; every
 * rule is a condition of its sub-select, so no job is ever loaded to be filtered in Java:
 * <ul>
 *   <li>the runner row still exists (a removed runner claims nothing) and, when ephemeral, has
 *       not had a job yet;</li>
 *   <li>a repository's runner takes its repository's jobs that name no runner group;</li>
 *   <li>an organization's runner takes jobs of the organization's repositories that its group
 *       serves: visibility {@code all}, {@code private} (non-public repositories) or
 *       {@code selected} ({@code runner_group_repositories}); public repositories ({@code visibility}
 *       holds the enum's name, {@code PUBLIC}) only when the
 *       group allows them; with {@code restricted_to_workflows}, only runs of a workflow file and
 *       ref in {@code runner_group_workflows}; and with {@code runs-on: {group}}, only when it is
 *       the runner's group ({@code NAME} or {@code organization/NAME});</li>
 *   <li>an enterprise runner (neither repository nor organization) takes jobs its enterprise
 *       group ({@code enterprise_runner_groups}) serves: visibility {@code all}, or {@code selected}
 *       when the repository's owner is among the group's organizations
 *       ({@code enterprise_runner_group_organizations}); public repositories and
 *       {@code restricted_to_workflows} as for an organization's group; {@code runs-on: {group: X}}
 *       takes it when X is {@code enterprise/NAME}, or a plain NAME the repository's organization has
 *       no group of (the organization's group wins a clash, and every organization has a Default);</li>
 *   <li>every label of the job ({@code job_labels}) is among the runner's ({@code runner_labels}),
 *       a double NOT EXISTS.</li>
 * </ul>
 * On PostgreSQL the sub-select locks its row with {@code FOR UPDATE SKIP LOCKED} (only
 * {@code jobs} is in its FROM, so only the job is locked), so racing runners take different jobs
 * instead of queueing behind one; SQLite has one writer at a time, and the outer
 * {@code status = 'queued'} re-check makes the UPDATE conditional on both engines.
 */
public final class SqlJobQueueStore implements JobQueueStore {
    private final Database database;
    private final String claimSql;

    public SqlJobQueueStore(Database database) {
        this.database = Objects.requireNonNull(database, "database");
        this.claimSql = """
                UPDATE jobs SET status = 'in_progress', runner_id = :runnerId, runner_name = :runnerName, started_at = :now,
                    lease_expires_at = :leaseExpiresAt,
                    runner_group_id = (SELECT runner_group_id FROM runners WHERE id = :runnerId),
                    runner_group_name = COALESCE((SELECT runner_group.name FROM runners runner
                        JOIN runner_groups runner_group ON runner_group.organization_id = runner.organization_id
                            AND runner_group.group_id = runner.runner_group_id
                        WHERE runner.id = :runnerId), (SELECT runner_group.name FROM runners runner
                        JOIN enterprise_runner_groups runner_group ON runner_group.group_id = runner.runner_group_id
                        WHERE runner.id = :runnerId AND runner.repository_id IS NULL AND runner.organization_id IS NULL), 'Default')
                WHERE id = (
                    SELECT candidate.id FROM jobs candidate
                    WHERE candidate.status = 'queued'
                      AND EXISTS (
                          SELECT 1 FROM runners runner
                          WHERE runner.id = :runnerId
                            AND (runner.ephemeral = FALSE OR NOT EXISTS (SELECT 1 FROM jobs taken WHERE taken.runner_id = runner.id))
                            AND ((runner.repository_id = candidate.repository_id AND candidate.runner_group_key IS NULL)
                              OR EXISTS (
                                SELECT 1 FROM repositories repository
                                JOIN runner_groups runner_group ON runner_group.organization_id = repository.owner_id
                                WHERE repository.id = candidate.repository_id
                                  AND runner_group.organization_id = runner.organization_id
                                  AND runner_group.group_id = runner.runner_group_id
                                  AND (candidate.runner_group_key IS NULL OR runner_group.name_key = candidate.runner_group_key
                                    OR 'organization/' || runner_group.name_key = candidate.runner_group_key)
                                  AND (runner_group.visibility = 'all'
                                    OR (runner_group.visibility = 'private' AND repository.visibility <> 'PUBLIC')
                                    OR (runner_group.visibility = 'selected' AND EXISTS (
                                        SELECT 1 FROM runner_group_repositories access
                                        WHERE access.organization_id = runner_group.organization_id
                                          AND access.group_id = runner_group.group_id AND access.repository_id = repository.id)))
                                  AND %1$s)
                              OR (runner.repository_id IS NULL AND runner.organization_id IS NULL AND EXISTS (
                                SELECT 1 FROM repositories repository
                                JOIN enterprise_runner_groups runner_group ON runner_group.group_id = runner.runner_group_id
                                WHERE repository.id = candidate.repository_id
                                  AND (candidate.runner_group_key IS NULL
                                    OR candidate.runner_group_key = 'enterprise/' || runner_group.name_key
                                    OR (candidate.runner_group_key = runner_group.name_key AND candidate.runner_group_key <> 'default'
                                      AND NOT EXISTS (
                                        SELECT 1 FROM runner_groups own
                                        WHERE own.organization_id = repository.owner_id AND own.name_key = candidate.runner_group_key)))
                                  AND (runner_group.visibility = 'all'
                                    OR (runner_group.visibility = 'selected' AND EXISTS (
                                        SELECT 1 FROM enterprise_runner_group_organizations access
                                        WHERE access.enterprise_id = runner_group.enterprise_id
                                          AND access.group_id = runner_group.group_id AND access.organization_id = repository.owner_id)))
                                  AND %2$s))))
                      AND NOT EXISTS (
                          SELECT 1 FROM job_labels wanted
                          WHERE wanted.job_id = candidate.id
                            AND NOT EXISTS (
                                SELECT 1 FROM runner_labels offered
                                WHERE offered.runner_id = :runnerId AND offered.label_key = wanted.label_key))
                    ORDER BY candidate.id
                    LIMIT 1""".formatted(publicAndWorkflows("runner_group_workflows", "organization_id"),
                publicAndWorkflows("enterprise_runner_group_workflows", "enterprise_id"))
                + database.dialect().skipLockedClause() + ")\n"
                + "AND status = 'queued'\nRETURNING id";
    }

    /**
     * The rules an organization's and an enterprise group share, on {@code runner_group} (a row of
     * the group table whose workflows are in {@code workflowTable}, keyed by {@code ownerColumn}):
     * public repositories only when allowed, and with {@code restricted_to_workflows} only runs of
     * a listed workflow file at a listed ref (a branch, a tag, a full ref or the commit).
     */
    private static String publicAndWorkflows(String workflowTable, String ownerColumn) {
        return """
                (runner_group.allows_public_repositories OR repository.visibility <> 'PUBLIC')
                AND (runner_group.restricted_to_workflows = FALSE OR EXISTS (
                    SELECT 1 FROM %1$s allowed
                    JOIN workflow_runs run ON run.id = candidate.run_id
                    JOIN workflows workflow ON workflow.id = run.workflow_id
                    WHERE allowed.%2$s = runner_group.%2$s
                      AND allowed.group_id = runner_group.group_id
                      AND allowed.repository_id = candidate.repository_id AND allowed.path = workflow.path
                      AND (allowed.ref = run.ref OR allowed.ref = run.head_sha
                        OR 'refs/heads/' || allowed.ref = run.ref OR 'refs/tags/' || allowed.ref = run.ref)))""".formatted(workflowTable,
                ownerColumn);
    }

    @Override
    public Optional<Long> claim(long runnerId, String runnerName, Instant now, Instant leaseExpiresAt) {
        return database.write(handle -> handle.createQuery(claimSql)
                .bind("runnerId", runnerId)
                .bind("runnerName", runnerName)
                .bind("now", Timestamps.toMillis(now))
                .bind("leaseExpiresAt", Timestamps.toMillis(leaseExpiresAt))
                .mapTo(Long.class)
                .findOne());
    }

    @Override
    public List<Long> listHeldBy(long runnerId) {
        return database.read(handle -> handle.createQuery(
                        "SELECT id FROM jobs WHERE status = 'in_progress' AND runner_id = :runnerId ORDER BY id")
                .bind("runnerId", runnerId)
                .mapTo(Long.class)
                .list());
    }

    @Override
    public Optional<Lease> renew(long jobId, long runnerId, Instant leaseExpiresAt) {
        return database.write(handle -> handle.createQuery("""
                        UPDATE jobs SET lease_expires_at = :leaseExpiresAt
                        WHERE id = :id AND runner_id = :runnerId AND status = 'in_progress'
                        RETURNING cancel_requested""")
                .bind("id", jobId)
                .bind("runnerId", runnerId)
                .bind("leaseExpiresAt", Timestamps.toMillis(leaseExpiresAt))
                .mapTo(Boolean.class)
                .findOne()
                .map(cancelRequested -> new Lease(jobId, leaseExpiresAt, cancelRequested)));
    }

    @Override
    public boolean isHeldBy(long jobId, long runnerId) {
        return database.read(handle -> handle.createQuery(
                        "SELECT 1 FROM jobs WHERE id = :id AND runner_id = :runnerId AND status = 'in_progress'")
                .bind("id", jobId)
                .bind("runnerId", runnerId)
                .mapTo(Integer.class)
                .findOne()
                .isPresent());
    }

    @Override
    public List<Long> listExpired(Instant now) {
        return database.read(handle -> handle.createQuery(
                        "SELECT id FROM jobs WHERE status = 'in_progress' AND lease_expires_at < :now ORDER BY id")
                .bind("now", Timestamps.toMillis(now))
                .mapTo(Long.class)
                .list());
    }
}
