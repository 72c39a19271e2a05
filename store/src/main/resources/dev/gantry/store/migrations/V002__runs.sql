-- Workflows, runs with their attempts, jobs and steps, runners and their registration tokens.
-- JSON values (inputs, matrix legs, outputs, a job's planned definition) are TEXT: the engine
-- owns their shape, and no query looks inside them. Label sets that the job queue matches are
-- rows (job_labels, runner_labels), so the claim filters them in SQL.

CREATE TABLE workflows (
    id {{id}},
    repository_id BIGINT NOT NULL REFERENCES repositories (id) ON DELETE CASCADE,
    path TEXT NOT NULL,
    name TEXT NOT NULL,
    state TEXT NOT NULL,
    next_run_number BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE UNIQUE INDEX workflows_repository_path ON workflows (repository_id, path);

CREATE TABLE workflow_runs (
    id {{id}},
    repository_id BIGINT NOT NULL REFERENCES repositories (id) ON DELETE CASCADE,
    workflow_id BIGINT NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,
    run_number BIGINT NOT NULL,
    run_attempt INTEGER NOT NULL,
    name TEXT NOT NULL,
    display_title TEXT NOT NULL,
    event TEXT NOT NULL,
    head_sha TEXT NOT NULL,
    head_branch TEXT,
    ref TEXT NOT NULL,
    actor_id BIGINT NOT NULL,
    triggering_actor_id BIGINT NOT NULL,
    inputs TEXT NOT NULL,
    event_payload TEXT NOT NULL,
    status TEXT NOT NULL,
    conclusion TEXT,
    failure_message TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    run_started_at BIGINT NOT NULL
);

CREATE UNIQUE INDEX workflow_runs_workflow_number ON workflow_runs (workflow_id, run_number);
CREATE INDEX workflow_runs_repository ON workflow_runs (repository_id, id);
CREATE INDEX workflow_runs_status ON workflow_runs (status, id);

CREATE TABLE run_attempts (
    run_id BIGINT NOT NULL REFERENCES workflow_runs (id) ON DELETE CASCADE,
    attempt INTEGER NOT NULL,
    triggering_actor_id BIGINT NOT NULL,
    status TEXT NOT NULL,
    conclusion TEXT,
    cancel_requested BOOLEAN NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    run_started_at BIGINT NOT NULL,
    PRIMARY KEY (run_id, attempt)
);

CREATE TABLE jobs (
    id {{id}},
    run_id BIGINT NOT NULL REFERENCES workflow_runs (id) ON DELETE CASCADE,
    run_attempt INTEGER NOT NULL,
    repository_id BIGINT NOT NULL,
    job_key TEXT NOT NULL,
    name TEXT NOT NULL,
    matrix TEXT,
    strategy TEXT NOT NULL,
    needs TEXT NOT NULL,
    if_condition TEXT,
    continue_on_error BOOLEAN NOT NULL,
    labels TEXT NOT NULL,
    definition TEXT NOT NULL,
    status TEXT NOT NULL,
    conclusion TEXT,
    failure_message TEXT,
    runner_id BIGINT,
    runner_name TEXT,
    outputs TEXT NOT NULL,
    cancel_requested BOOLEAN NOT NULL,
    lease_expires_at BIGINT,
    created_at BIGINT NOT NULL,
    queued_at BIGINT,
    started_at BIGINT,
    completed_at BIGINT
);

CREATE INDEX jobs_run ON jobs (run_id, run_attempt, id);
-- The job queue's claim: queued jobs of one repository, oldest first.
CREATE INDEX jobs_queue ON jobs (status, repository_id, id);
CREATE INDEX jobs_lease ON jobs (status, lease_expires_at);

CREATE TABLE job_labels (
    job_id BIGINT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    label_key TEXT NOT NULL,
    PRIMARY KEY (job_id, label_key)
);

CREATE TABLE job_steps (
    job_id BIGINT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    name TEXT NOT NULL,
    status TEXT NOT NULL,
    conclusion TEXT,
    started_at BIGINT,
    completed_at BIGINT,
    PRIMARY KEY (job_id, number)
);

CREATE TABLE runners (
    id {{id}},
    repository_id BIGINT NOT NULL REFERENCES repositories (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    os TEXT NOT NULL,
    credential_hash TEXT NOT NULL,
    busy BOOLEAN NOT NULL,
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT
);

CREATE UNIQUE INDEX runners_repository_name_key ON runners (repository_id, name_key);
CREATE UNIQUE INDEX runners_credential_hash ON runners (credential_hash);

CREATE TABLE runner_labels (
    runner_id BIGINT NOT NULL REFERENCES runners (id) ON DELETE CASCADE,
    label TEXT NOT NULL,
    label_key TEXT NOT NULL,
    read_only BOOLEAN NOT NULL,
    PRIMARY KEY (runner_id, label_key)
);

CREATE TABLE runner_registration_tokens (
    id {{id}},
    repository_id BIGINT NOT NULL REFERENCES repositories (id) ON DELETE CASCADE,
    hash TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);

CREATE UNIQUE INDEX runner_registration_tokens_hash ON runner_registration_tokens (hash);
