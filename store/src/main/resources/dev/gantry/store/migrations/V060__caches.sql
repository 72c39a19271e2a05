-- Cache entries; their bytes are blobs under caches/<repository_id>/<id>. A row is reserved
-- (committed = 0) from the first save request until its upload is committed, and only committed
-- rows are matched, listed or counted. One entry per repository, scope (ref), key and version,
-- reserved or not: that is what turns a second concurrent writer away and keeps entries immutable.

CREATE TABLE cache_entries (
    id {{id}},
    repository_id BIGINT NOT NULL REFERENCES repositories (id) ON DELETE CASCADE,
    scope TEXT NOT NULL,
    cache_key TEXT NOT NULL,
    version TEXT NOT NULL,
    size BIGINT NOT NULL,
    committed INTEGER NOT NULL,
    created_at BIGINT NOT NULL,
    last_accessed_at BIGINT NOT NULL
);

CREATE UNIQUE INDEX cache_entries_identity ON cache_entries (repository_id, scope, cache_key, version);
CREATE INDEX cache_entries_lru ON cache_entries (repository_id, committed, last_accessed_at);

-- The chunks of a v1 (REST) upload, which arrive in parallel and out of order; the commit checks
-- that they cover the entry without gaps and assembles them in order.
CREATE TABLE cache_chunks (
    entry_id BIGINT NOT NULL REFERENCES cache_entries (id) ON DELETE CASCADE,
    start_offset BIGINT NOT NULL,
    end_offset BIGINT NOT NULL,
    PRIMARY KEY (entry_id, start_offset)
);
