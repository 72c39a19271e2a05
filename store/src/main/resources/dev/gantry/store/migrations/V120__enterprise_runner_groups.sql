-- The enterprise's runner groups, shaped like an organization's (V085) so one store serves both:
-- enterprise_id is always 0 (the server's one enterprise), group_id the id GitHub shows, numbered
-- within the enterprise. A group of visibility 'selected' serves the organizations listed in
-- enterprise_runner_group_organizations. Enterprise runners (runners with neither a repository
-- nor an organization) keep runner_group_id 1: the Default group made here, so the job queue's
-- claim always finds the group of an enterprise runner. It allows no public repositories, which is
-- what enterprise runners were allowed before groups existed.
CREATE TABLE enterprise_runner_groups (
    enterprise_id BIGINT NOT NULL,
    group_id BIGINT NOT NULL,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    visibility TEXT NOT NULL,
    allows_public_repositories BOOLEAN NOT NULL,
    restricted_to_workflows BOOLEAN NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (enterprise_id, group_id)
);

CREATE UNIQUE INDEX enterprise_runner_groups_name ON enterprise_runner_groups (enterprise_id, name_key);

INSERT INTO enterprise_runner_groups (enterprise_id, group_id, name, name_key, visibility, allows_public_repositories,
    restricted_to_workflows, created_at)
VALUES (0, 1, 'Default', 'default', 'all', FALSE, FALSE, 0);

-- The organizations a group of visibility 'selected' serves; an organization's deletion removes it.
CREATE TABLE enterprise_runner_group_organizations (
    enterprise_id BIGINT NOT NULL,
    group_id BIGINT NOT NULL,
    organization_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    PRIMARY KEY (enterprise_id, group_id, organization_id)
);

CREATE INDEX enterprise_runner_group_organizations_member ON enterprise_runner_group_organizations (organization_id);

-- The workflows a group restricted_to_workflows serves, as runner_group_workflows holds them.
CREATE TABLE enterprise_runner_group_workflows (
    enterprise_id BIGINT NOT NULL,
    group_id BIGINT NOT NULL,
    position INTEGER NOT NULL,
    workflow TEXT NOT NULL,
    repository_id BIGINT,
    path TEXT NOT NULL,
    ref TEXT NOT NULL,
    PRIMARY KEY (enterprise_id, group_id, position)
);
