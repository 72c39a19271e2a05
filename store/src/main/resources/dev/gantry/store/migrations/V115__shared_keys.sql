-- Keys every server node must hold alike (the HMAC key of signed links and job tokens), sealed
-- under the secrets master key named by master_key_id. One row per name: the first node to start
-- inserts it, the others read it.
CREATE TABLE shared_keys (
    name TEXT PRIMARY KEY,
    sealed_key TEXT NOT NULL,
    master_key_id TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
