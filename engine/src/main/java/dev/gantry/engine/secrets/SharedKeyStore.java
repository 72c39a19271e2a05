package dev.gantry.engine.secrets;

import java.time.Instant;

/** Keys every server node must hold alike, each stored once under its name, sealed by the engine. */
public interface SharedKeyStore {
    /**
     * Stores {@code sealed} under {@code name} unless a key is stored there already — nodes starting
     * together race here, and one wins — then returns the stored key, the winner's.
     */
    MasterKeys.AtRest insertIfAbsent(String name, MasterKeys.AtRest sealed, Instant createdAt);
}
