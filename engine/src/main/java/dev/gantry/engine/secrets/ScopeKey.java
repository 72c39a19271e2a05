package dev.gantry.engine.secrets;

import java.util.Objects;

/** A scope's X25519 key pair for sealed boxes; the private half sealed under a master key. */
public record ScopeKey(SecretScope scope, String keyId, String publicKey, MasterKeys.AtRest privateKey) {
    public ScopeKey {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(privateKey, "privateKey");
    }
}
