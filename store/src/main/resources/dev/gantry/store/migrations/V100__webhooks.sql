-- Repository and organization webhooks, the outbox of their deliveries, and the attempts made.
-- A hook belongs to exactly one of a repository or an organization (the other column is NULL).
-- The secret is sealed with the master key (its id in secret_key_id), never stored in clear.

CREATE TABLE hooks (
    id {{id}},
    repository_id BIGINT REFERENCES repositories (id) ON DELETE CASCADE,
    organization_id BIGINT REFERENCES accounts (id) ON DELETE CASCADE,
    url TEXT NOT NULL,
    content_type TEXT NOT NULL,
    insecure_ssl TEXT NOT NULL,
    secret_key_id TEXT,
    secret TEXT,
    events TEXT NOT NULL,
    active INTEGER NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    last_response_code INTEGER,
    last_response_status TEXT,
    last_response_message TEXT
);

CREATE INDEX hooks_repository ON hooks (repository_id, id);
CREATE INDEX hooks_organization ON hooks (organization_id, id);

-- One row per (hook, event) to deliver; it stays once delivered or given up, so attempts keep
-- their event. next_attempt_at is NULL when nothing more will be tried; claimed_until is a lease
-- so two nodes never send the same delivery at once.
CREATE TABLE hook_deliveries (
    id {{id}},
    hook_id BIGINT NOT NULL REFERENCES hooks (id) ON DELETE CASCADE,
    guid TEXT NOT NULL,
    event TEXT NOT NULL,
    action TEXT,
    repository_id BIGINT,
    payload TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    attempts INTEGER NOT NULL,
    next_attempt_at BIGINT,
    claimed_until BIGINT
);

CREATE INDEX hook_deliveries_due ON hook_deliveries (next_attempt_at, id);

-- Every attempt to send a delivery, as GitHub's "list deliveries" shows them.
CREATE TABLE hook_delivery_attempts (
    id {{id}},
    delivery_id BIGINT NOT NULL REFERENCES hook_deliveries (id) ON DELETE CASCADE,
    hook_id BIGINT NOT NULL REFERENCES hooks (id) ON DELETE CASCADE,
    delivered_at BIGINT NOT NULL,
    redelivery INTEGER NOT NULL,
    duration_millis BIGINT NOT NULL,
    status TEXT NOT NULL,
    status_code INTEGER NOT NULL,
    success INTEGER NOT NULL
);

CREATE INDEX hook_delivery_attempts_hook ON hook_delivery_attempts (hook_id, id);

-- The workflow_job / workflow_run actions already announced, so each is announced once whichever
-- node or thread sees the change first (the primary key is the judge).
CREATE TABLE workflow_announcements (
    run_id BIGINT NOT NULL REFERENCES workflow_runs (id) ON DELETE CASCADE,
    subject TEXT NOT NULL,
    subject_id BIGINT NOT NULL,
    attempt INTEGER NOT NULL,
    action TEXT NOT NULL,
    announced_at BIGINT NOT NULL,
    PRIMARY KEY (subject, subject_id, attempt, action)
);

CREATE INDEX workflow_announcements_run ON workflow_announcements (run_id, attempt);
