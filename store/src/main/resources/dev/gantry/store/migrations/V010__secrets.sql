-- Actions secrets. Values and private keys are AES-GCM sealed under a master key named by
-- master_key_id (never the key itself), so the database alone reveals no secret.
-- scope_kind is REPOSITORY (scope_id = repository id) or ORGANIZATION (scope_id = account id);
-- repository_id / organization_id repeat scope_id in the column of its kind only so that deleting
-- the repository or organization deletes its keys and secrets.

CREATE TABLE secret_keys (
    scope_kind TEXT NOT NULL,
    scope_id BIGINT NOT NULL,
    key_id TEXT NOT NULL,
    public_key TEXT NOT NULL,
    private_key TEXT NOT NULL,
    master_key_id TEXT NOT NULL,
    repository_id BIGINT REFERENCES repositories (id) ON DELETE CASCADE,
    organization_id BIGINT REFERENCES accounts (id) ON DELETE CASCADE,
    PRIMARY KEY (scope_kind, scope_id)
);

-- name is upper-cased by the engine, so the primary key makes names unique case-insensitively.
CREATE TABLE secrets (
    scope_kind TEXT NOT NULL,
    scope_id BIGINT NOT NULL,
    name TEXT NOT NULL,
    value TEXT NOT NULL,
    master_key_id TEXT NOT NULL,
    visibility TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    repository_id BIGINT REFERENCES repositories (id) ON DELETE CASCADE,
    organization_id BIGINT REFERENCES accounts (id) ON DELETE CASCADE,
    PRIMARY KEY (scope_kind, scope_id, name)
);

-- The repositories an organization secret of visibility 'selected' reaches.
CREATE TABLE secret_repositories (
    scope_kind TEXT NOT NULL,
    scope_id BIGINT NOT NULL,
    name TEXT NOT NULL,
    repository_id BIGINT NOT NULL REFERENCES repositories (id) ON DELETE CASCADE,
    PRIMARY KEY (scope_kind, scope_id, name, repository_id),
    FOREIGN KEY (scope_kind, scope_id, name) REFERENCES secrets (scope_kind, scope_id, name) ON DELETE CASCADE
);
