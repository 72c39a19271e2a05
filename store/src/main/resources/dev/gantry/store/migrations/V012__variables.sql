-- Actions variables of repositories, organizations and environments. scope_kind/scope_id as for
-- secrets; the owner columns cascade deletes. name is upper-cased by the engine, so the primary
-- key keeps names unique case-insensitively.

CREATE TABLE variables (
    scope_kind TEXT NOT NULL,
    scope_id BIGINT NOT NULL,
    name TEXT NOT NULL,
    value TEXT NOT NULL,
    visibility TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    repository_id BIGINT REFERENCES repositories (id) ON DELETE CASCADE,
    organization_id BIGINT REFERENCES accounts (id) ON DELETE CASCADE,
    environment_id BIGINT REFERENCES environments (id) ON DELETE CASCADE,
    PRIMARY KEY (scope_kind, scope_id, name)
);

-- The repositories an organization variable of visibility 'selected' reaches; a rename carries them.
CREATE TABLE variable_repositories (
    scope_kind TEXT NOT NULL,
    scope_id BIGINT NOT NULL,
    name TEXT NOT NULL,
    repository_id BIGINT NOT NULL REFERENCES repositories (id) ON DELETE CASCADE,
    PRIMARY KEY (scope_kind, scope_id, name, repository_id),
    FOREIGN KEY (scope_kind, scope_id, name) REFERENCES variables (scope_kind, scope_id, name)
        ON DELETE CASCADE ON UPDATE CASCADE
);
