package dev.gantry.engine.oidc;

import java.util.List;

/** The issuer's signing keys, shared by every node. */
public interface SigningKeyStore {
    /** Every stored key, oldest generation first. */
    List<SigningKey> all();

    /** @return false when a key of that generation exists already (another node rotated first) */
    boolean insert(SigningKey key);

    /** Removes the keys of generations below {@code generation}. */
    void deleteBefore(long generation);
}
