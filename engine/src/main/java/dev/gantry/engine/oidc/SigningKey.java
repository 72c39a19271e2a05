package dev.gantry.engine.oidc;

import dev.gantry.engine.secrets.MasterKeys;
import java.time.Instant;
import java.util.Objects;

/**
 * One RS256 key pair of the OIDC issuer, as stored: shared by every node through the database,
 * the private half sealed under the secrets master key.
 *
 * @param generation 1 for the first key, then one more per rotation; unique, so two nodes rotating
 *     at once make one key, not two
 * @param keyId the JWK {@code kid}: the key's RFC 7638 thumbprint
 * @param publicKey base64 of the X.509 {@code SubjectPublicKeyInfo}
 * @param privateKey the PKCS#8 encoding, sealed at rest
 * @param activeFrom when it starts signing: at once for the first key, later for the next ones so
 *     verifiers that cache the key set see a key before any token carries it
 */
public record SigningKey(long generation, String keyId, String publicKey, MasterKeys.AtRest privateKey, Instant createdAt,
        Instant activeFrom) {
    public SigningKey {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(activeFrom, "activeFrom");
    }

    /** The master key's binding of a private key to its row: a sealed key copied elsewhere does not open. */
    static String binding(String keyId) {
        return "oidc-signing-key:" + keyId;
    }

    /** Keeps the sealed private key out of logs. */
    @Override
    public String toString() {
        return "SigningKey[generation=" + generation + ", keyId=" + keyId + ", activeFrom=" + activeFrom + "]";
    }
}
