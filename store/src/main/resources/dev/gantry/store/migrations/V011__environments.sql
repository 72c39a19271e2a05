-- Deployment environments of a repository and their protection rules, as GitHub's environments
-- API shows them. Names compare case-insensitively (name_key is lower-cased by the engine).
-- reviewers is a JSON array of {"type": "User"|"Team", "id": n}. protected_branches and
-- custom_branch_policies are both null when any branch may deploy.

CREATE TABLE environments (
    id {{id}},
    repository_id BIGINT NOT NULL REFERENCES repositories (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    wait_timer INTEGER NOT NULL,
    prevent_self_review BOOLEAN NOT NULL,
    reviewers TEXT NOT NULL,
    protected_branches BOOLEAN,
    custom_branch_policies BOOLEAN,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE UNIQUE INDEX environments_name ON environments (repository_id, name_key);

-- One row per active protection rule (wait_timer, required_reviewers, branch_policy): the rule's
-- id, which GitHub shows and keeps while the rule stays on.
CREATE TABLE environment_protection_rules (
    id {{id}},
    environment_id BIGINT NOT NULL REFERENCES environments (id) ON DELETE CASCADE,
    type TEXT NOT NULL
);

CREATE UNIQUE INDEX environment_protection_rules_type ON environment_protection_rules (environment_id, type);

-- Environment secrets: secrets and secret_keys rows of scope_kind ENVIRONMENT (scope_id = the
-- environment's id) go when their environment does.
ALTER TABLE secret_keys ADD COLUMN environment_id BIGINT REFERENCES environments (id) ON DELETE CASCADE;
ALTER TABLE secrets ADD COLUMN environment_id BIGINT REFERENCES environments (id) ON DELETE CASCADE;
