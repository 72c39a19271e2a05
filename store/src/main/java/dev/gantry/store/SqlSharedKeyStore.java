package dev.gantry.store;

import dev.gantry.engine.secrets.MasterKeys;
import dev.gantry.engine.secrets.SharedKeyStore;
import java.time.Instant;
import java.util.Objects;

/** Shared keys in {@code shared_keys}, sealed by the engine. */
public final class SqlSharedKeyStore implements SharedKeyStore {
    private final Database database;

    public SqlSharedKeyStore(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public MasterKeys.AtRest insertIfAbsent(String name, MasterKeys.AtRest sealed, Instant createdAt) {
        return database.write(handle -> {
            // ON CONFLICT DO NOTHING: a node that lost the race inserts nothing and reads the winner's row.
            handle.createUpdate("""
                            INSERT INTO shared_keys (name, sealed_key, master_key_id, created_at)
                            VALUES (:name, :sealedKey, :masterKeyId, :createdAt)
                            ON CONFLICT DO NOTHING""")
                    .bind("name", name)
                    .bind("sealedKey", sealed.cipherText())
                    .bind("masterKeyId", sealed.keyId())
                    .bind("createdAt", Timestamps.toMillis(createdAt))
                    .execute();
            return handle.createQuery("SELECT sealed_key, master_key_id FROM shared_keys WHERE name = :name")
                    .bind("name", name)
                    .map((row, context) -> new MasterKeys.AtRest(row.getString("master_key_id"), row.getString("sealed_key")))
                    .one();
        });
    }
}
