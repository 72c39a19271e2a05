package dev.gantry.store;

import dev.gantry.engine.hostedrunners.HostedRunner;
import dev.gantry.engine.hostedrunners.HostedRunnerStore;
import dev.gantry.engine.hostedrunners.ImageSelection;
import dev.gantry.engine.hostedrunners.ImageSource;
import dev.gantry.engine.hostedrunners.NewHostedRunner;
import dev.gantry.engine.store.Page;
import dev.gantry.engine.store.PageRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;

/** Hosted runner pools in {@code hosted_runners}, an organization's deleted custom images in {@code hosted_runner_deleted_images}. */
public final class SqlHostedRunnerStore implements HostedRunnerStore {
    private static final String COLUMNS = "id, organization_id, name, runner_group_id, image_source, image_id, image_version, size, "
            + "maximum_runners, public_ip_enabled, image_gen, created_at, last_active_on";
    /** The whole image, in the primary key (which cannot hold NULL). */
    private static final String WHOLE_IMAGE = "";

    private final Database database;

    public SqlHostedRunnerStore(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public Optional<HostedRunner> create(NewHostedRunner pool) {
        long id;
        try {
            id = database.write(handle -> handle.createQuery("""
                            INSERT INTO hosted_runners (organization_id, name, name_key, runner_group_id, image_source, image_id,
                                image_version, size, maximum_runners, public_ip_enabled, image_gen, created_at, last_active_on)
                            VALUES (:organizationId, :name, :nameKey, :runnerGroupId, :imageSource, :imageId, :imageVersion, :size,
                                :maximumRunners, :publicIpEnabled, :imageGen, :createdAt, NULL)
                            RETURNING id""")
                    .bind("organizationId", pool.organizationId())
                    .bindMap(settings(pool.name(), pool.runnerGroupId(), pool.image(), pool.size(), pool.maximumRunners(),
                            pool.publicIpEnabled(), pool.imageGen()))
                    .bind("createdAt", Timestamps.toMillis(pool.createdAt()))
                    .mapTo(Long.class)
                    .one());
        } catch (RuntimeException e) {
            if (UniqueViolations.isUniqueViolation(e)) {
                return Optional.empty();
            }
            throw e;
        }
        return find(pool.organizationId(), id);
    }

    @Override
    public Optional<HostedRunner> find(long organizationId, long id) {
        return database.read(handle -> handle.createQuery("SELECT " + COLUMNS
                        + " FROM hosted_runners WHERE organization_id = :organizationId AND id = :id")
                .bind("organizationId", organizationId)
                .bind("id", id)
                .map(SqlHostedRunnerStore::pool)
                .findOne());
    }

    @Override
    public Page<HostedRunner> list(long organizationId, PageRequest page) {
        return page("organization_id = :organizationId", Map.of("organizationId", organizationId), page);
    }

    @Override
    public Page<HostedRunner> listInGroup(long organizationId, long runnerGroupId, PageRequest page) {
        return page("organization_id = :organizationId AND runner_group_id = :runnerGroupId",
                Map.of("organizationId", organizationId, "runnerGroupId", runnerGroupId), page);
    }

    private Page<HostedRunner> page(String where, Map<String, Object> bindings, PageRequest page) {
        return database.read(handle -> {
            long total = handle.createQuery("SELECT COUNT(*) FROM hosted_runners WHERE " + where)
                    .bindMap(bindings)
                    .mapTo(Long.class)
                    .one();
            List<HostedRunner> items = handle.createQuery("SELECT " + COLUMNS + " FROM hosted_runners WHERE " + where
                            + " ORDER BY id LIMIT :limit OFFSET :offset")
                    .bindMap(bindings)
                    .bind("limit", page.perPage())
                    .bind("offset", page.offset())
                    .map(SqlHostedRunnerStore::pool)
                    .list();
            return new Page<>(items, total);
        });
    }

    @Override
    public List<HostedRunner> all() {
        return database.read(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM hosted_runners ORDER BY id")
                .map(SqlHostedRunnerStore::pool)
                .list());
    }

    @Override
    public Update update(HostedRunner changed) {
        return database.write(handle -> {
            // Checked first, not left to the unique index: a failed statement would abort a PostgreSQL transaction.
            boolean taken = handle.createQuery("SELECT COUNT(*) FROM hosted_runners WHERE organization_id = :organizationId "
                            + "AND name_key = :nameKey AND id <> :id")
                    .bind("organizationId", changed.organizationId())
                    .bind("nameKey", nameKey(changed.name()))
                    .bind("id", changed.id())
                    .mapTo(Long.class)
                    .one() > 0;
            if (taken) {
                return Update.NAME_TAKEN;
            }
            int updated = handle.createUpdate("""
                            UPDATE hosted_runners SET name = :name, name_key = :nameKey, runner_group_id = :runnerGroupId,
                                image_source = :imageSource, image_id = :imageId, image_version = :imageVersion, size = :size,
                                maximum_runners = :maximumRunners, public_ip_enabled = :publicIpEnabled, image_gen = :imageGen
                            WHERE organization_id = :organizationId AND id = :id""")
                    .bind("organizationId", changed.organizationId())
                    .bind("id", changed.id())
                    .bindMap(settings(changed.name(), changed.runnerGroupId(), changed.image(), changed.size(), changed.maximumRunners(),
                            changed.publicIpEnabled(), changed.imageGen()))
                    .execute();
            return updated == 1 ? Update.DONE : Update.MISSING;
        });
    }

    @Override
    public boolean delete(long organizationId, long id) {
        return database.write(handle -> handle.createUpdate("DELETE FROM hosted_runners WHERE organization_id = :organizationId AND id = :id")
                .bind("organizationId", organizationId)
                .bind("id", id)
                .execute()) == 1;
    }

    @Override
    public int countPublicIps(long organizationId) {
        return database.read(handle -> handle.createQuery("SELECT COUNT(*) FROM hosted_runners "
                        + "WHERE organization_id = :organizationId AND public_ip_enabled = 1")
                .bind("organizationId", organizationId)
                .mapTo(Integer.class)
                .one());
    }

    @Override
    public void recordActive(long id, Instant at) {
        database.write(handle -> handle.createUpdate("UPDATE hosted_runners SET last_active_on = :at WHERE id = :id")
                .bind("id", id)
                .bind("at", Timestamps.toMillis(at))
                .execute());
    }

    @Override
    public int countQueuedJobs(long organizationId, String poolName) {
        return database.read(handle -> handle.createQuery("""
                        SELECT COUNT(*) FROM jobs job
                        JOIN repositories repository ON repository.id = job.repository_id
                        WHERE job.status = 'queued' AND repository.owner_id = :organizationId
                          AND EXISTS (SELECT 1 FROM job_labels wanted WHERE wanted.job_id = job.id AND wanted.label_key = :labelKey)
                          AND NOT EXISTS (SELECT 1 FROM job_labels other WHERE other.job_id = job.id AND other.label_key <> :labelKey)""")
                .bind("organizationId", organizationId)
                .bind("labelKey", nameKey(poolName))
                .mapTo(Integer.class)
                .one());
    }

    @Override
    public void addMachine(long poolId, long runnerId, Instant startedAt) {
        database.write(handle -> handle.createUpdate("INSERT INTO hosted_runner_machines (runner_id, pool_id, started_at, renewed_at) "
                        + "VALUES (:runnerId, :poolId, :startedAt, :startedAt)")
                .bind("runnerId", runnerId)
                .bind("poolId", poolId)
                .bind("startedAt", Timestamps.toMillis(startedAt))
                .execute());
    }

    @Override
    public void renewMachines(List<Long> runnerIds, Instant at) {
        if (runnerIds.isEmpty()) {
            return;
        }
        database.write(handle -> handle.createUpdate("UPDATE hosted_runner_machines SET renewed_at = :at WHERE runner_id IN (<runnerIds>)")
                .bindList("runnerIds", runnerIds)
                .bind("at", Timestamps.toMillis(at))
                .execute());
    }

    @Override
    public Machines machines(long poolId) {
        // A machine whose runner is gone (its one job done, the process exiting) still counts, and waits for nothing.
        return database.read(handle -> handle.createQuery("""
                        SELECT COUNT(*) AS started,
                            COALESCE(SUM(CASE WHEN runner.id IS NOT NULL AND runner.busy <> :busy THEN 1 ELSE 0 END), 0) AS waiting
                        FROM hosted_runner_machines machine LEFT JOIN runners runner ON runner.id = machine.runner_id
                        WHERE machine.pool_id = :poolId""")
                .bind("poolId", poolId)
                .bind("busy", true)
                .map((rs, context) -> new Machines(rs.getInt("started"), rs.getInt("waiting")))
                .one());
    }

    @Override
    public List<Long> expiredMachines(Instant renewedBefore) {
        return database.read(handle -> handle.createQuery("SELECT runner_id FROM hosted_runner_machines WHERE renewed_at < :before "
                        + "ORDER BY runner_id")
                .bind("before", Timestamps.toMillis(renewedBefore))
                .mapTo(Long.class)
                .list());
    }

    @Override
    public void forgetMachine(long runnerId) {
        database.write(handle -> handle.createUpdate("DELETE FROM hosted_runner_machines WHERE runner_id = :runnerId")
                .bind("runnerId", runnerId)
                .execute());
    }

    @Override
    public boolean deleteCustomImage(long organizationId, long imageId, String version) {
        return database.write(handle -> handle.createUpdate("INSERT INTO hosted_runner_deleted_images (organization_id, image_id, version) "
                        + "VALUES (:organizationId, :imageId, :version) ON CONFLICT DO NOTHING")
                .bind("organizationId", organizationId)
                .bind("imageId", imageId)
                .bind("version", version == null ? WHOLE_IMAGE : version)
                .execute()) == 1;
    }

    @Override
    public List<DeletedCustomImage> deletedCustomImages(long organizationId) {
        return database.read(handle -> handle.createQuery("SELECT image_id, version FROM hosted_runner_deleted_images "
                        + "WHERE organization_id = :organizationId ORDER BY image_id, version")
                .bind("organizationId", organizationId)
                .map((rs, context) -> new DeletedCustomImage(rs.getLong("image_id"),
                        rs.getString("version").equals(WHOLE_IMAGE) ? null : rs.getString("version")))
                .list());
    }

    /** The columns a create and an update both write. */
    private static Map<String, Object> settings(String name, long runnerGroupId, ImageSelection image, String size, int maximumRunners,
            boolean publicIpEnabled, boolean imageGen) {
        Map<String, Object> values = new HashMap<>();
        values.put("name", name);
        values.put("nameKey", nameKey(name));
        values.put("runnerGroupId", runnerGroupId);
        values.put("imageSource", image.source().wireName());
        values.put("imageId", image.id());
        values.put("imageVersion", image.version());
        values.put("size", size);
        values.put("maximumRunners", maximumRunners);
        values.put("publicIpEnabled", publicIpEnabled ? 1 : 0);
        values.put("imageGen", imageGen ? 1 : 0);
        return values;
    }

    private static String nameKey(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static HostedRunner pool(ResultSet rs, StatementContext context) throws SQLException {
        ImageSource source = ImageSource.fromWireName(rs.getString("image_source"))
                .orElseThrow(() -> new IllegalStateException("unknown image source in hosted_runners"));
        return new HostedRunner(rs.getLong("id"), rs.getLong("organization_id"), rs.getString("name"), rs.getLong("runner_group_id"),
                new ImageSelection(source, rs.getString("image_id"), rs.getString("image_version")), rs.getString("size"),
                rs.getInt("maximum_runners"), rs.getInt("public_ip_enabled") == 1, rs.getInt("image_gen") == 1,
                Timestamps.instant(rs, "created_at"), Timestamps.instant(rs, "last_active_on"));
    }
}
