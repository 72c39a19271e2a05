-- Runner fleets: runners of a repository or of an organization (then in one of its runner
-- groups), ephemeral and just-in-time runners, labels with ids, runner groups with their
-- repository and workflow access, and registration/remove tokens for either scope.
--
-- runners is rebuilt because SQLite cannot drop a NOT NULL: an organization's runner has no
-- repository. Rows are copied in id order; ids are assigned afresh (portable across both
-- engines), so jobs.runner_id is carried over through the unique credential hash.

CREATE TABLE fleet_runners (
    id {{id}},
    repository_id BIGINT REFERENCES repositories (id) ON DELETE CASCADE,
    organization_id BIGINT REFERENCES accounts (id) ON DELETE CASCADE,
    runner_group_id BIGINT NOT NULL,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    os TEXT NOT NULL,
    credential_hash TEXT NOT NULL,
    jit_hash TEXT,
    ephemeral BOOLEAN NOT NULL,
    busy BOOLEAN NOT NULL,
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT
);

INSERT INTO fleet_runners (repository_id, organization_id, runner_group_id, name, name_key, os, credential_hash, jit_hash,
    ephemeral, busy, created_at, last_seen_at)
SELECT repository_id, NULL, 1, name, name_key, os, credential_hash, NULL, FALSE, busy, created_at, last_seen_at
FROM runners ORDER BY id;

UPDATE jobs SET runner_id = (
    SELECT fresh.id FROM fleet_runners fresh JOIN runners old ON old.credential_hash = fresh.credential_hash
    WHERE old.id = jobs.runner_id)
WHERE runner_id IS NOT NULL;

-- Labels get their own id (stable: a label kept by a "set" keeps its row).
CREATE TABLE fleet_runner_labels (
    id {{id}},
    runner_id BIGINT NOT NULL REFERENCES fleet_runners (id) ON DELETE CASCADE,
    label TEXT NOT NULL,
    label_key TEXT NOT NULL,
    read_only BOOLEAN NOT NULL
);

INSERT INTO fleet_runner_labels (runner_id, label, label_key, read_only)
SELECT fresh.id, labels.label, labels.label_key, labels.read_only
FROM runner_labels labels
JOIN runners old ON old.id = labels.runner_id
JOIN fleet_runners fresh ON fresh.credential_hash = old.credential_hash
ORDER BY labels.runner_id, labels.read_only DESC, labels.label_key;

DROP TABLE runner_labels;
DROP TABLE runners;
ALTER TABLE fleet_runners RENAME TO runners;
ALTER TABLE fleet_runner_labels RENAME TO runner_labels;

CREATE UNIQUE INDEX runners_repository_name ON runners (repository_id, name_key);
CREATE UNIQUE INDEX runners_organization_name ON runners (organization_id, name_key);
CREATE UNIQUE INDEX runners_credential ON runners (credential_hash);
CREATE UNIQUE INDEX runners_jit ON runners (jit_hash);
CREATE UNIQUE INDEX runner_labels_key ON runner_labels (runner_id, label_key);

-- Registration and remove tokens of a repository or an organization; purpose keeps each to its use.
CREATE TABLE runner_tokens (
    id {{id}},
    repository_id BIGINT REFERENCES repositories (id) ON DELETE CASCADE,
    organization_id BIGINT REFERENCES accounts (id) ON DELETE CASCADE,
    purpose TEXT NOT NULL,
    hash TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);

CREATE UNIQUE INDEX runner_tokens_hash ON runner_tokens (hash);

INSERT INTO runner_tokens (repository_id, organization_id, purpose, hash, created_at, expires_at)
SELECT repository_id, NULL, 'register', hash, created_at, expires_at FROM runner_registration_tokens;

DROP TABLE runner_registration_tokens;

-- An organization's runner groups. group_id is the id GitHub shows, numbered per organization:
-- 1 is the Default group of every organization, made when first needed.
CREATE TABLE runner_groups (
    organization_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    group_id BIGINT NOT NULL,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    visibility TEXT NOT NULL,
    allows_public_repositories BOOLEAN NOT NULL,
    restricted_to_workflows BOOLEAN NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (organization_id, group_id)
);

CREATE UNIQUE INDEX runner_groups_name ON runner_groups (organization_id, name_key);

-- The repositories a group of visibility 'selected' serves.
CREATE TABLE runner_group_repositories (
    organization_id BIGINT NOT NULL,
    group_id BIGINT NOT NULL,
    repository_id BIGINT NOT NULL REFERENCES repositories (id) ON DELETE CASCADE,
    PRIMARY KEY (organization_id, group_id, repository_id)
);

-- The workflows a group restricted_to_workflows serves, as given ({owner}/{repo}/{path}@{ref}) and
-- parsed for the claim: repository_id is null when no such repository exists (it never matches).
CREATE TABLE runner_group_workflows (
    organization_id BIGINT NOT NULL,
    group_id BIGINT NOT NULL,
    position INTEGER NOT NULL,
    workflow TEXT NOT NULL,
    repository_id BIGINT,
    path TEXT NOT NULL,
    ref TEXT NOT NULL,
    PRIMARY KEY (organization_id, group_id, position)
);

-- runs-on: {group: NAME}: the group's name, lower-cased; null for any runner.
ALTER TABLE jobs ADD COLUMN runner_group_key TEXT;

-- The claim asks whether an ephemeral runner has had its job.
CREATE INDEX jobs_runner ON jobs (runner_id);
