-- Jobs held by their deployment environment's protection rules (GitHub's pending deployments; the
-- row's id is the deployment's id). state: awaiting_review, cleared (approved, or no review
-- required; the job goes on at ready_at, when the wait timer ends) or rejected. The environment's
-- id and name are kept as the job met them: deleting the environment leaves the record.

CREATE TABLE deployment_gates (
    id {{id}},
    job_id BIGINT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    run_id BIGINT NOT NULL REFERENCES workflow_runs (id) ON DELETE CASCADE,
    run_attempt INTEGER NOT NULL,
    repository_id BIGINT NOT NULL,
    environment_id BIGINT NOT NULL,
    environment_name TEXT NOT NULL,
    wait_timer INTEGER NOT NULL,
    requires_review BOOLEAN NOT NULL,
    state TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    ready_at BIGINT NOT NULL,
    reviewer_id BIGINT,
    reviewed_at BIGINT
);

CREATE UNIQUE INDEX deployment_gates_job ON deployment_gates (job_id);
CREATE INDEX deployment_gates_run ON deployment_gates (run_id, run_attempt);
CREATE INDEX deployment_gates_due ON deployment_gates (state, ready_at);

-- A run's review log (GET …/runs/{run_id}/approvals): environment_ids is a JSON array.
CREATE TABLE deployment_reviews (
    id {{id}},
    run_id BIGINT NOT NULL REFERENCES workflow_runs (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL,
    state TEXT NOT NULL,
    comment TEXT NOT NULL,
    environment_ids TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE INDEX deployment_reviews_run ON deployment_reviews (run_id, id);
