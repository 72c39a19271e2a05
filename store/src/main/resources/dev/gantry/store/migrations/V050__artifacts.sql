-- Workflow run artifacts; their bytes are blobs under artifacts/<repository_id>/<id>. A row is
-- pending (finalized = 0) from CreateArtifact until FinalizeArtifact, and only finalized rows are
-- ever listed. One artifact of a name per run, pending or not.

CREATE TABLE artifacts (
    id {{id}},
    repository_id BIGINT NOT NULL REFERENCES repositories (id) ON DELETE CASCADE,
    run_id BIGINT NOT NULL REFERENCES workflow_runs (id) ON DELETE CASCADE,
    job_id BIGINT NOT NULL,
    name TEXT NOT NULL,
    size BIGINT NOT NULL,
    digest TEXT,
    content_type TEXT NOT NULL,
    finalized INTEGER NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);

CREATE UNIQUE INDEX artifacts_run_name ON artifacts (run_id, name);
CREATE INDEX artifacts_repository ON artifacts (repository_id, finalized, id);
