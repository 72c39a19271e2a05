-- Hosted runner pools of organizations. name_key is the name lower-cased, so names are unique per
-- organization ignoring case (they are runs-on labels, which match ignoring case). The image is
-- its source (github, partner, custom), its id in the catalog and, for a custom image, a version
-- (NULL: the latest).

CREATE TABLE hosted_runners (
    id {{id}},
    organization_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    runner_group_id BIGINT NOT NULL,
    image_source TEXT NOT NULL,
    image_id TEXT NOT NULL,
    image_version TEXT,
    size TEXT NOT NULL,
    maximum_runners INTEGER NOT NULL,
    public_ip_enabled INTEGER NOT NULL,
    image_gen INTEGER NOT NULL,
    created_at BIGINT NOT NULL,
    last_active_on BIGINT
);

CREATE UNIQUE INDEX hosted_runners_name ON hosted_runners (organization_id, name_key);

-- Custom images come from the server's catalog; an organization that deletes one (version '') or
-- one of its versions stops seeing it.
CREATE TABLE hosted_runner_deleted_images (
    organization_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    image_id BIGINT NOT NULL,
    version TEXT NOT NULL,
    PRIMARY KEY (organization_id, image_id, version)
);
