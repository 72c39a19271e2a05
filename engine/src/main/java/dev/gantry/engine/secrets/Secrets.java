package dev.gantry.engine.secrets;

import dev.gantry.engine.FieldError;
import dev.gantry.engine.GantryException;
import dev.gantry.engine.identity.AccountStore;
import dev.gantry.engine.repository.Repository;
import dev.gantry.engine.repository.RepositoryStore;
import dev.gantry.engine.scope.ActionsNames;
import dev.gantry.engine.scope.ActionsScope;
import dev.gantry.engine.scope.OrganizationVisibility;
import dev.gantry.engine.scope.ScopeLevels;
import dev.gantry.engine.scope.SelectedRepositories;
import dev.gantry.engine.store.Page;
import dev.gantry.engine.store.PageRequest;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Actions secrets: each scope's public key, storing a sealed {@code encrypted_value} (opened here and
 * sealed again at rest), listing without values, and the decrypted values a job receives.
 */
public final class Secrets {
    /** GitHub's limit on a secret's value. */
    public static final int MAX_VALUE_BYTES = 48 * 1024;

    private final SecretStore store;
    private final ScopeLevels levels;
    private final SelectedRepositories selectedRepositories;
    private final MasterKeys masterKeys;
    private final SecureRandom random;
    private final Clock clock;

    public Secrets(SecretStore store, RepositoryStore repositories, AccountStore accounts, MasterKeys masterKeys,
                   SecureRandom random, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.levels = new ScopeLevels(repositories, accounts);
        this.selectedRepositories = new SelectedRepositories(store.selectedRepositories(),
                (scope, name) -> store.find(scope, name).map(secret -> Objects.requireNonNullElse(secret.visibility(), "")), false);
        this.masterKeys = Objects.requireNonNull(masterKeys, "masterKeys");
        this.random = Objects.requireNonNull(random, "random");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The scope's public key, made on first use. */
    public ScopeKey publicKey(ActionsScope scope) {
        return store.findKey(scope).orElseGet(() -> {
            byte[][] pair = SealedBox.generateKeyPair(random);
            String publicKey = Base64.getEncoder().encodeToString(pair[1]);
            String keyId = MasterKeys.idOf(pair[1]);
            return store.createKeyIfAbsent(new ScopeKey(scope, keyId, publicKey,
                    masterKeys.seal(pair[0], binding(scope, "key:" + keyId))));
        });
    }

    /**
     * @param encryptedValue base64 of a sealed box to the scope's public key
     * @return true if the secret was created, false if it replaced one
     */
    public boolean createOrUpdate(ActionsScope scope, String name, String encryptedValue, String keyId, String visibility) {
        String stored = storedName(name);
        if (encryptedValue == null) {
            throw GantryException.invalid("Invalid request.\n\n\"encrypted_value\" wasn't supplied.",
                    FieldError.missingField("Secret", "encrypted_value"));
        }
        if (keyId == null) {
            throw GantryException.invalid("Invalid request.\n\n\"key_id\" wasn't supplied.", FieldError.missingField("Secret", "key_id"));
        }
        if (scope.kind() == ActionsScope.Kind.ORGANIZATION) {
            OrganizationVisibility.check("Secret", visibility, store.find(scope, stored).isEmpty());
        }
        ScopeKey key = publicKey(scope);
        if (!key.keyId().equals(keyId)) {
            throw GantryException.invalid("Bad request - key_id is not valid", FieldError.invalid("Secret", "key_id"));
        }
        byte[] sealed;
        try {
            sealed = Base64.getDecoder().decode(encryptedValue);
        } catch (IllegalArgumentException notBase64) {
            throw GantryException.invalid("Bad request - encrypted_value is not valid base64", FieldError.invalid("Secret", "encrypted_value"));
        }
        byte[] privateKey = masterKeys.open(key.privateKey(), binding(scope, "key:" + key.keyId()));
        byte[] value = SealedBox.open(sealed, Base64.getDecoder().decode(key.publicKey()), privateKey)
                .orElseThrow(() -> GantryException.invalid("Bad request - encrypted_value could not be decrypted with key_id",
                        FieldError.invalid("Secret", "encrypted_value")));
        if (value.length > MAX_VALUE_BYTES) {
            throw GantryException.invalid("Secret value must be less than 48 KB", FieldError.custom("Secret", "encrypted_value",
                    "Secret value must be less than 48 KB"));
        }
        var now = clock.instant();
        return store.put(new StoredSecret(scope, stored, masterKeys.seal(value, binding(scope, stored)), visibility, now, now));
    }

    public Optional<StoredSecret> find(ActionsScope scope, String name) {
        return store.find(scope, ActionsNames.lookup(name));
    }

    public Page<StoredSecret> list(ActionsScope scope, PageRequest page) {
        return store.list(scope, page);
    }

    public boolean delete(ActionsScope scope, String name) {
        return store.delete(scope, ActionsNames.lookup(name));
    }

    /**
     * The secrets a job of the repository sees, decrypted: its organization's that reach it, then
     * its own, then its environment's (when the job names one); a later level wins a clash, as on GitHub.
     *
     * A deleted repository's job sees none.
     */
    public Map<String, String> forJob(long repositoryId, OptionalLong environmentId) {
        Map<String, String> values = new LinkedHashMap<>();
        levels.forJob(repositoryId, environmentId, store::all, store.selectedRepositories())
                .forEach(secret -> values.put(secret.name(), clear(secret)));
        return values;
    }

    /** The organization's secrets that reach the repository, by name (for the repository's own listing). */
    public Page<StoredSecret> organizationSecretsFor(Repository repository, PageRequest page) {
        return Page.of(levels.reaching(repository, store::all, store.selectedRepositories()), page);
    }

    /** The selected-repositories operations of organization secrets. */
    public SelectedRepositories selectedRepositories() {
        return selectedRepositories;
    }

    private String clear(StoredSecret secret) {
        return new String(masterKeys.open(secret.value(), binding(secret.scope(), secret.name())), StandardCharsets.UTF_8);
    }

    /** GitHub's rules for a secret's name; stored upper-cased, so names clash case-insensitively. */
    static String storedName(String name) {
        return ActionsNames.stored("Secret", name);
    }

    /** What a sealed value at rest is bound to, so it cannot be moved to another row. */
    private static String binding(ActionsScope scope, String what) {
        return scope.kind() + ":" + scope.ownerId() + ":" + what;
    }
}
