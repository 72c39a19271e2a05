-- Users and organizations, organization memberships, repositories and access tokens.
-- Portable SQL for SQLite and PostgreSQL; {{id}} is a database-assigned BIGINT primary key.
-- Instants are epoch milliseconds; *_key columns hold the lower-cased name that uniqueness
-- and look-ups use, since GitHub compares logins and repository names case-insensitively.

CREATE TABLE accounts (
    id {{id}},
    login TEXT NOT NULL,
    login_key TEXT NOT NULL,
    type TEXT NOT NULL,
    name TEXT,
    email TEXT,
    company TEXT,
    blog TEXT,
    location TEXT,
    bio TEXT,
    twitter_username TEXT,
    description TEXT,
    billing_email TEXT,
    site_admin BOOLEAN NOT NULL,
    default_repository_permission TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE UNIQUE INDEX accounts_login_key ON accounts (login_key);
CREATE INDEX accounts_type ON accounts (type, id);

CREATE TABLE memberships (
    organization_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    PRIMARY KEY (organization_id, user_id)
);

CREATE INDEX memberships_user ON memberships (user_id, organization_id);

CREATE TABLE repositories (
    id {{id}},
    owner_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    description TEXT,
    homepage TEXT,
    visibility TEXT NOT NULL,
    default_branch TEXT NOT NULL,
    archived BOOLEAN NOT NULL,
    has_issues BOOLEAN NOT NULL,
    has_projects BOOLEAN NOT NULL,
    has_wiki BOOLEAN NOT NULL,
    has_discussions BOOLEAN NOT NULL,
    is_template BOOLEAN NOT NULL,
    allow_squash_merge BOOLEAN NOT NULL,
    allow_merge_commit BOOLEAN NOT NULL,
    allow_rebase_merge BOOLEAN NOT NULL,
    allow_auto_merge BOOLEAN NOT NULL,
    delete_branch_on_merge BOOLEAN NOT NULL,
    allow_update_branch BOOLEAN NOT NULL,
    allow_forking BOOLEAN NOT NULL,
    web_commit_signoff_required BOOLEAN NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    pushed_at BIGINT
);

CREATE UNIQUE INDEX repositories_owner_name_key ON repositories (owner_id, name_key);
CREATE INDEX repositories_name_key ON repositories (name_key, id);
CREATE INDEX repositories_visibility ON repositories (visibility, name_key);

CREATE TABLE tokens (
    id {{id}},
    user_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    hash TEXT NOT NULL,
    scopes TEXT NOT NULL,
    note TEXT,
    created_at BIGINT NOT NULL,
    expires_at BIGINT
);

CREATE UNIQUE INDEX tokens_hash ON tokens (hash);
CREATE INDEX tokens_user ON tokens (user_id, kind);
