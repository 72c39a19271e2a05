package dev.gantry.engine.secrets;

import dev.gantry.engine.scope.ActionsScope;
import java.util.Objects;

/** A scope's X25519 key pair for sealed boxes; the private half sealed under a master key. */
public record ScopeKey(ActionsScope scope, String keyId, String publicKey, MasterKeys.AtRest privateKey) {
    public ScopeKey {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(privateKey, "privateKey");
    }
}
