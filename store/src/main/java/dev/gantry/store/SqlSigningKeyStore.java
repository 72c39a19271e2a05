package dev.gantry.store;

import dev.gantry.engine.oidc.SigningKey;
import dev.gantry.engine.oidc.SigningKeyStore;
import dev.gantry.engine.secrets.MasterKeys;
import java.util.List;
import java.util.Objects;

/** The OIDC issuer's keys in {@code oidc_signing_keys}; private halves sealed by the engine. */
public final class SqlSigningKeyStore implements SigningKeyStore {
    private final Database database;

    public SqlSigningKeyStore(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public List<SigningKey> all() {
        return database.read(handle -> handle.createQuery("SELECT generation, key_id, public_key, private_key, master_key_id, "
                        + "created_at, active_from FROM oidc_signing_keys ORDER BY generation")
                .map((rs, context) -> new SigningKey(rs.getLong("generation"), rs.getString("key_id"), rs.getString("public_key"),
                        new MasterKeys.AtRest(rs.getString("master_key_id"), rs.getString("private_key")),
                        Timestamps.instant(rs, "created_at"), Timestamps.instant(rs, "active_from")))
                .list());
    }

    @Override
    public boolean insert(SigningKey key) {
        return database.write(handle -> handle.createUpdate("""
                        INSERT INTO oidc_signing_keys (generation, key_id, public_key, private_key, master_key_id, created_at, active_from)
                        VALUES (:generation, :keyId, :publicKey, :privateKey, :masterKeyId, :createdAt, :activeFrom)
                        ON CONFLICT DO NOTHING""")
                .bind("generation", key.generation())
                .bind("keyId", key.keyId())
                .bind("publicKey", key.publicKey())
                .bind("privateKey", key.privateKey().cipherText())
                .bind("masterKeyId", key.privateKey().keyId())
                .bind("createdAt", Timestamps.toMillis(key.createdAt()))
                .bind("activeFrom", Timestamps.toMillis(key.activeFrom()))
                .execute()) == 1;
    }

    @Override
    public void deleteBefore(long generation) {
        database.write(handle -> handle.createUpdate("DELETE FROM oidc_signing_keys WHERE generation < :generation")
                .bind("generation", generation)
                .execute());
    }
}
