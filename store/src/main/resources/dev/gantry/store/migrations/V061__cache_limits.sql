-- The cache retention-limit and storage-limit settings of the enterprise (owner_id 0), an
-- organization (its account id) or a repository (its id). NULL: the level sets nothing and its
-- repositories take the level above's (or GitHub's default: 7 days, 10 GB).

CREATE TABLE cache_limits (
    level TEXT NOT NULL,
    owner_id BIGINT NOT NULL,
    max_retention_days INTEGER,
    max_size_gb INTEGER,
    PRIMARY KEY (level, owner_id)
);
