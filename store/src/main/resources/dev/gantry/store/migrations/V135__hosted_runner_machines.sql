-- The machines hosted runner pools started, on whichever node started them: every node's pool
-- controller compares their number with maximum_runners, so the nodes together never run more
-- than a pool allows. A row lives from just before its machine is asked for until its node sees it
-- end; the node renews renewed_at on every pass, so the rows of a node that died (its local
-- runners, child processes, died with it) expire and any node removes them.

CREATE TABLE hosted_runner_machines (
    runner_id BIGINT PRIMARY KEY,
    pool_id BIGINT NOT NULL,
    started_at BIGINT NOT NULL,
    renewed_at BIGINT NOT NULL
);

CREATE INDEX hosted_runner_machines_pool ON hosted_runner_machines (pool_id);
