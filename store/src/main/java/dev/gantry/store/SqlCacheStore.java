package dev.gantry.store;

import dev.gantry.engine.caches.CacheChunk;
import dev.gantry.engine.caches.CacheEntry;
import dev.gantry.engine.caches.CacheSort;
import dev.gantry.engine.caches.CacheStore;
import dev.gantry.engine.caches.CacheUsage;
import dev.gantry.engine.caches.NewCacheEntry;
import dev.gantry.engine.caches.RepositoryCacheUsage;
import dev.gantry.engine.store.Page;
import dev.gantry.engine.store.PageRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Cache entries in {@code cache_entries}, v1 upload chunks in {@code cache_chunks}. Key prefixes
 * are compared with {@code substr}, not {@code LIKE}, so a key's {@code %} and {@code _} are plain
 * characters on both databases.
 */
public final class SqlCacheStore implements CacheStore {
    private static final String COLUMNS = "id, repository_id, job_id, scope, cache_key, version, size, committed, created_at, last_accessed_at";

    private final Database database;

    public SqlCacheStore(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public Optional<CacheEntry> reserve(NewCacheEntry entry) {
        try {
            long id = database.write(handle -> handle.createQuery("""
                            INSERT INTO cache_entries (repository_id, job_id, scope, cache_key, version, size, committed, created_at,
                                last_accessed_at)
                            VALUES (:repositoryId, :jobId, :scope, :key, :version, 0, 0, :createdAt, :createdAt)
                            RETURNING id""")
                    .bind("repositoryId", entry.repositoryId())
                    .bind("jobId", entry.jobId())
                    .bind("scope", entry.scope())
                    .bind("key", entry.key())
                    .bind("version", entry.version())
                    .bind("createdAt", Timestamps.toMillis(entry.createdAt()))
                    .mapTo(Long.class)
                    .one());
            return find(entry.repositoryId(), id);
        } catch (RuntimeException e) {
            if (UniqueViolations.isUniqueViolation(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public Optional<CacheEntry> find(long repositoryId, long id) {
        return database.read(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM cache_entries WHERE repository_id = :repositoryId AND id = :id")
                .bind("repositoryId", repositoryId)
                .bind("id", id)
                .map(SqlCacheStore::entry)
                .findOne());
    }

    @Override
    public Optional<CacheEntry> find(long repositoryId, String scope, String key, String version) {
        return database.read(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM cache_entries WHERE repository_id = :repositoryId "
                        + "AND scope = :scope AND cache_key = :key AND version = :version")
                .bind("repositoryId", repositoryId)
                .bind("scope", scope)
                .bind("key", key)
                .bind("version", version)
                .map(SqlCacheStore::entry)
                .findOne());
    }

    @Override
    public boolean commit(long id, long size, Instant at) {
        return database.write(handle -> handle.createUpdate("UPDATE cache_entries SET committed = 1, size = :size, "
                        + "last_accessed_at = :at WHERE id = :id AND committed = 0")
                .bind("id", id)
                .bind("size", size)
                .bind("at", Timestamps.toMillis(at))
                .execute()) == 1;
    }

    @Override
    public Optional<CacheEntry> match(long repositoryId, String scope, String key, String version, boolean prefix) {
        String keyTest = prefix ? "substr(cache_key, 1, length(:key)) = :key" : "cache_key = :key";
        return database.read(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM cache_entries WHERE repository_id = :repositoryId "
                        + "AND scope = :scope AND version = :version AND committed = 1 AND " + keyTest
                        + " ORDER BY created_at DESC, id DESC LIMIT 1")
                .bind("repositoryId", repositoryId)
                .bind("scope", scope)
                .bind("key", key)
                .bind("version", version)
                .map(SqlCacheStore::entry)
                .findOne());
    }

    @Override
    public void touch(long id, Instant at) {
        database.write(handle -> handle.createUpdate("UPDATE cache_entries SET last_accessed_at = :at WHERE id = :id")
                .bind("id", id)
                .bind("at", Timestamps.toMillis(at))
                .execute());
    }

    @Override
    public Page<CacheEntry> list(long repositoryId, Optional<String> keyPrefix, Optional<String> ref, CacheSort sort, boolean ascending,
                                 PageRequest page) {
        String where = " FROM cache_entries WHERE repository_id = :repositoryId AND committed = 1"
                + keyPrefix.map(key -> " AND substr(cache_key, 1, length(:key)) = :key").orElse("")
                + ref.map(r -> " AND scope = :ref").orElse("");
        String column = switch (sort) {
            case CREATED_AT -> "created_at";
            case LAST_ACCESSED_AT -> "last_accessed_at";
            case SIZE_IN_BYTES -> "size";
        };
        String direction = ascending ? " ASC" : " DESC";
        return database.read(handle -> Pages.of(
                handle.createQuery("SELECT " + COLUMNS + where + " ORDER BY " + column + direction + ", id" + direction
                                + " LIMIT :limit OFFSET :offset")
                        .bind("repositoryId", repositoryId)
                        .bind("key", keyPrefix.orElse(null))
                        .bind("ref", ref.orElse(null))
                        .bind("limit", page.perPage())
                        .bind("offset", page.offset())
                        .map(SqlCacheStore::entry)
                        .list(),
                handle.createQuery("SELECT COUNT(*)" + where)
                        .bind("repositoryId", repositoryId)
                        .bind("key", keyPrefix.orElse(null))
                        .bind("ref", ref.orElse(null))
                        .mapTo(Long.class)
                        .one()));
    }

    @Override
    public List<CacheEntry> findByKey(long repositoryId, String key, Optional<String> ref) {
        return database.read(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM cache_entries WHERE repository_id = :repositoryId "
                        + "AND committed = 1 AND cache_key = :key" + ref.map(r -> " AND scope = :ref").orElse("") + " ORDER BY id")
                .bind("repositoryId", repositoryId)
                .bind("key", key)
                .bind("ref", ref.orElse(null))
                .map(SqlCacheStore::entry)
                .list());
    }

    @Override
    public CacheUsage usage(long repositoryId) {
        return database.read(handle -> handle.createQuery("SELECT COUNT(*) AS entries, COALESCE(SUM(size), 0) AS bytes FROM cache_entries "
                        + "WHERE repository_id = :repositoryId AND committed = 1")
                .bind("repositoryId", repositoryId)
                .map((row, context) -> usage(row))
                .one());
    }

    @Override
    public CacheUsage usageByOwner(long ownerId) {
        return database.read(handle -> handle.createQuery("SELECT COUNT(*) AS entries, COALESCE(SUM(c.size), 0) AS bytes "
                        + "FROM cache_entries c JOIN repositories r ON r.id = c.repository_id WHERE r.owner_id = :ownerId AND c.committed = 1")
                .bind("ownerId", ownerId)
                .map((row, context) -> usage(row))
                .one());
    }

    @Override
    public Page<RepositoryCacheUsage> usageByRepository(long ownerId, PageRequest page) {
        String from = " FROM cache_entries c JOIN repositories r ON r.id = c.repository_id WHERE r.owner_id = :ownerId AND c.committed = 1";
        return database.read(handle -> Pages.of(
                handle.createQuery("SELECT c.repository_id, COUNT(*) AS entries, SUM(c.size) AS bytes" + from
                                + " GROUP BY c.repository_id ORDER BY c.repository_id LIMIT :limit OFFSET :offset")
                        .bind("ownerId", ownerId)
                        .bind("limit", page.perPage())
                        .bind("offset", page.offset())
                        .map((row, context) -> new RepositoryCacheUsage(row.getLong("repository_id"), usage(row)))
                        .list(),
                handle.createQuery("SELECT COUNT(DISTINCT c.repository_id)" + from)
                        .bind("ownerId", ownerId)
                        .mapTo(Long.class)
                        .one()));
    }

    @Override
    public List<CacheEntry> reservedBefore(Instant before, int limit) {
        return database.read(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM cache_entries WHERE committed = 0 "
                        + "AND created_at < :before ORDER BY id LIMIT :limit")
                .bind("before", Timestamps.toMillis(before))
                .bind("limit", limit)
                .map(SqlCacheStore::entry)
                .list());
    }

    @Override
    public List<Long> repositoriesWithEntries() {
        return database.read(handle -> handle.createQuery("SELECT DISTINCT repository_id FROM cache_entries WHERE committed = 1 "
                        + "ORDER BY repository_id")
                .mapTo(Long.class)
                .list());
    }

    @Override
    public List<CacheEntry> leastRecentlyUsed(long repositoryId, int limit) {
        return database.read(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM cache_entries WHERE repository_id = :repositoryId "
                        + "AND committed = 1 ORDER BY last_accessed_at, id LIMIT :limit")
                .bind("repositoryId", repositoryId)
                .bind("limit", limit)
                .map(SqlCacheStore::entry)
                .list());
    }

    @Override
    public void addChunk(long id, CacheChunk chunk) {
        database.write(handle -> handle.createUpdate("INSERT INTO cache_chunks (entry_id, start_offset, end_offset) "
                        + "VALUES (:id, :start, :end) ON CONFLICT (entry_id, start_offset) DO UPDATE SET end_offset = excluded.end_offset")
                .bind("id", id)
                .bind("start", chunk.start())
                .bind("end", chunk.end())
                .execute());
    }

    @Override
    public List<CacheChunk> chunks(long id) {
        return database.read(handle -> handle.createQuery("SELECT start_offset, end_offset FROM cache_chunks WHERE entry_id = :id "
                        + "ORDER BY start_offset")
                .bind("id", id)
                .map((row, context) -> new CacheChunk(row.getLong("start_offset"), row.getLong("end_offset")))
                .list());
    }

    @Override
    public boolean delete(long id) {
        return database.write(handle -> handle.createUpdate("DELETE FROM cache_entries WHERE id = :id").bind("id", id).execute()) == 1;
    }

    /** A usage row: its {@code entries} count and {@code bytes} sum. */
    private static CacheUsage usage(ResultSet row) throws SQLException {
        return new CacheUsage(row.getLong("entries"), row.getLong("bytes"));
    }

    private static CacheEntry entry(ResultSet row, StatementContext context) throws SQLException {
        return new CacheEntry(row.getLong("id"), row.getLong("repository_id"), row.getLong("job_id"), row.getString("scope"), row.getString("cache_key"),
                row.getString("version"), row.getLong("size"), row.getInt("committed") == 1, Timestamps.instant(row, "created_at"),
                Timestamps.instant(row, "last_accessed_at"));
    }
}
