-- The OIDC issuer's RS256 keys, shared by every node. private_key is the PKCS#8 encoding sealed
-- under the secrets master key named by master_key_id; generation is unique so that nodes racing
-- to rotate make one key.
CREATE TABLE oidc_signing_keys (
    generation BIGINT PRIMARY KEY,
    key_id TEXT NOT NULL,
    public_key TEXT NOT NULL,
    private_key TEXT NOT NULL,
    master_key_id TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    active_from BIGINT NOT NULL
);

-- Customizations of the sub claim. include_claim_keys is a JSON array, NULL when not set;
-- use_immutable_subject is NULL when not set at that level.
CREATE TABLE oidc_organization_subjects (
    organization_id BIGINT PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    include_claim_keys TEXT,
    use_immutable_subject BOOLEAN
);

CREATE TABLE oidc_repository_subjects (
    repository_id BIGINT PRIMARY KEY REFERENCES repositories (id) ON DELETE CASCADE,
    use_default BOOLEAN NOT NULL,
    include_claim_keys TEXT,
    use_immutable_subject BOOLEAN
);
