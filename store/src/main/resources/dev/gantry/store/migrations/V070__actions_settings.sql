-- Actions permissions and settings of the enterprise (scope ENTERPRISE, id 0), organizations
-- (ORGANIZATION, account id) and repositories (REPOSITORY, repository id): one small JSON document
-- per setting name. repository_id / organization_id repeat scope_id in the column of its kind only,
-- so that deleting the repository or organization deletes its settings.
CREATE TABLE actions_settings (
    scope_kind TEXT NOT NULL,
    scope_id BIGINT NOT NULL,
    name TEXT NOT NULL,
    value TEXT NOT NULL,
    repository_id BIGINT REFERENCES repositories (id) ON DELETE CASCADE,
    organization_id BIGINT REFERENCES accounts (id) ON DELETE CASCADE,
    PRIMARY KEY (scope_kind, scope_id, name)
);

-- The ids a setting selects: repositories an organization enables (list 'enabled') or lets use
-- self-hosted runners ('self_hosted_runners'), organizations the enterprise enables ('enabled').
-- A member is a repository or an organization; deleting it (or the scope) removes the row.
CREATE TABLE actions_setting_selections (
    scope_kind TEXT NOT NULL,
    scope_id BIGINT NOT NULL,
    name TEXT NOT NULL,
    member_id BIGINT NOT NULL,
    organization_id BIGINT REFERENCES accounts (id) ON DELETE CASCADE,
    member_repository_id BIGINT REFERENCES repositories (id) ON DELETE CASCADE,
    member_organization_id BIGINT REFERENCES accounts (id) ON DELETE CASCADE,
    PRIMARY KEY (scope_kind, scope_id, name, member_id)
);

-- When each run's logs expire (its repository's retention days when it was created).
CREATE TABLE log_expirations (
    run_id BIGINT PRIMARY KEY REFERENCES workflow_runs (id) ON DELETE CASCADE,
    expires_at BIGINT NOT NULL
);
CREATE INDEX log_expirations_due ON log_expirations (expires_at);
