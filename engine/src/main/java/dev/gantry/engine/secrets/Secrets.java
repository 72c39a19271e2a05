package dev.gantry.engine.secrets;

import dev.gantry.engine.FieldError;
import dev.gantry.engine.GantryException;
import dev.gantry.engine.identity.Account;
import dev.gantry.engine.identity.AccountStore;
import dev.gantry.engine.repository.Repository;
import dev.gantry.engine.repository.RepositoryStore;
import dev.gantry.engine.repository.Visibility;
import dev.gantry.engine.store.Page;
import dev.gantry.engine.store.PageRequest;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Actions secrets: each scope's public key, storing a sealed {@code encrypted_value} (opened here and
 * sealed again at rest), listing without values, and the decrypted values a job receives.
 */
public final class Secrets {
    /** GitHub's limit on a secret's value. */
    public static final int MAX_VALUE_BYTES = 48 * 1024;
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final SecretStore store;
    private final RepositoryStore repositories;
    private final AccountStore accounts;
    private final MasterKeys masterKeys;
    private final SecureRandom random;
    private final Clock clock;

    public Secrets(SecretStore store, RepositoryStore repositories, AccountStore accounts, MasterKeys masterKeys,
                   SecureRandom random, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.repositories = Objects.requireNonNull(repositories, "repositories");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.masterKeys = Objects.requireNonNull(masterKeys, "masterKeys");
        this.random = Objects.requireNonNull(random, "random");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The scope's public key, made on first use. */
    public ScopeKey publicKey(SecretScope scope) {
        return store.findKey(scope).orElseGet(() -> {
            byte[][] pair = SealedBox.generateKeyPair(random);
            String publicKey = Base64.getEncoder().encodeToString(pair[1]);
            String keyId = MasterKeys.idOf(pair[1]);
            return store.createKeyIfAbsent(new ScopeKey(scope, keyId, publicKey,
                    masterKeys.seal(pair[0], scope.binding("key:" + keyId))));
        });
    }

    /**
     * @param encryptedValue base64 of a sealed box to the scope's public key
     * @return true if the secret was created, false if it replaced one
     */
    public boolean createOrUpdate(SecretScope scope, String name, String encryptedValue, String keyId, String visibility) {
        String stored = storedName(name);
        if (encryptedValue == null) {
            throw GantryException.invalid("Invalid request.\n\n\"encrypted_value\" wasn't supplied.",
                    FieldError.missingField("Secret", "encrypted_value"));
        }
        if (keyId == null) {
            throw GantryException.invalid("Invalid request.\n\n\"key_id\" wasn't supplied.", FieldError.missingField("Secret", "key_id"));
        }
        if (scope.kind() == SecretScope.Kind.ORGANIZATION) {
            checkVisibility(visibility, store.find(scope, stored).isPresent());
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
        byte[] privateKey = masterKeys.open(key.privateKey(), scope.binding("key:" + key.keyId()));
        byte[] value = SealedBox.open(sealed, Base64.getDecoder().decode(key.publicKey()), privateKey)
                .orElseThrow(() -> GantryException.invalid("Bad request - encrypted_value could not be decrypted with key_id",
                        FieldError.invalid("Secret", "encrypted_value")));
        if (value.length > MAX_VALUE_BYTES) {
            throw GantryException.invalid("Secret value must be less than 48 KB", FieldError.custom("Secret", "encrypted_value",
                    "Secret value must be less than 48 KB"));
        }
        var now = clock.instant();
        return store.put(new StoredSecret(scope, stored, masterKeys.seal(value, scope.binding(stored)), visibility, now, now));
    }

    private static void checkVisibility(String visibility, boolean exists) {
        if (visibility == null && !exists) {
            throw GantryException.invalid("Invalid request.\n\n\"visibility\" wasn't supplied.",
                    FieldError.missingField("Secret", "visibility"));
        }
        if (visibility != null && !List.of("all", "private", "selected").contains(visibility)) {
            throw GantryException.invalid("Invalid request.\n\nFor 'properties/visibility', \"" + visibility
                    + "\" is not a member of enum.", FieldError.invalid("Secret", "visibility"));
        }
    }

    public Optional<StoredSecret> find(SecretScope scope, String name) {
        return store.find(scope, name.toUpperCase(Locale.ROOT));
    }

    public Page<StoredSecret> list(SecretScope scope, PageRequest page) {
        return store.list(scope, page);
    }

    public boolean delete(SecretScope scope, String name) {
        return store.delete(scope, name.toUpperCase(Locale.ROOT));
    }

    /**
     * The secrets a job of the repository sees, decrypted: its organization's that reach it, then
     * its own, which win on a clash as on GitHub.
     *
     * A deleted repository's job sees none.
     */
    public Map<String, String> forJob(long repositoryId) {
        Map<String, String> values = new LinkedHashMap<>();
        Optional<Repository> found = repositories.findById(repositoryId);
        if (found.isEmpty()) {
            return values;
        }
        Repository repository = found.get();
        accounts.findById(repository.ownerId()).filter(Account::isOrganization)
                .ifPresent(organization -> store.all(SecretScope.organization(organization.id())).stream()
                .filter(secret -> reaches(secret, repository))
                .forEach(secret -> values.put(secret.name(), clear(secret))));
        store.all(SecretScope.repository(repository.id())).forEach(secret -> values.put(secret.name(), clear(secret)));
        return values;
    }

    /** The organization's secrets that reach the repository, by name (for the repository's own listing). */
    public Page<StoredSecret> organizationSecretsFor(Repository repository, PageRequest page) {
        List<StoredSecret> reaching = accounts.findById(repository.ownerId()).filter(Account::isOrganization)
                .map(organization -> store.all(SecretScope.organization(organization.id())).stream()
                        .filter(secret -> reaches(secret, repository)).toList())
                .orElse(List.of());
        int from = (int) Math.min(page.offset(), reaching.size());
        return new Page<>(reaching.subList(from, Math.min(from + page.perPage(), reaching.size())), reaching.size());
    }

    public List<Long> selectedRepositories(SecretScope scope, String name) {
        return store.selectedRepositories(scope, existing(scope, name).name());
    }

    /**
     * Replaces the repositories a secret reaches; they count only while its visibility is
     * {@code selected}, which GitHub does not require of this operation.
     */
    public void setSelectedRepositories(SecretScope scope, String name, List<Long> repositoryIds) {
        store.setSelectedRepositories(scope, existing(scope, name).name(), repositoryIds);
    }

    /** @return false, changing nothing, when the secret's visibility is not {@code selected} (GitHub's bodiless 409) */
    public boolean addSelectedRepository(SecretScope scope, String name, long repositoryId) {
        StoredSecret secret = existing(scope, name);
        if (!"selected".equals(secret.visibility())) {
            return false;
        }
        store.addSelectedRepository(scope, secret.name(), repositoryId);
        return true;
    }

    /** @return false, changing nothing, when the secret's visibility is not {@code selected} (GitHub's bodiless 409) */
    public boolean removeSelectedRepository(SecretScope scope, String name, long repositoryId) {
        StoredSecret secret = existing(scope, name);
        if (!"selected".equals(secret.visibility())) {
            return false;
        }
        store.removeSelectedRepository(scope, secret.name(), repositoryId);
        return true;
    }

    private StoredSecret existing(SecretScope scope, String name) {
        return find(scope, name).orElseThrow(GantryException::notFound);
    }

    private boolean reaches(StoredSecret secret, Repository repository) {
        return switch (secret.visibility() == null ? "all" : secret.visibility()) {
            case "private" -> repository.visibility() != Visibility.PUBLIC;
            case "selected" -> store.selectedRepositories(secret.scope(), secret.name()).contains(repository.id());
            default -> true;
        };
    }

    private String clear(StoredSecret secret) {
        return new String(masterKeys.open(secret.value(), secret.scope().binding(secret.name())), StandardCharsets.UTF_8);
    }

    /** GitHub's rules for a secret's name; stored upper-cased, so names clash case-insensitively. */
    static String storedName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw GantryException.invalid("Secret names can only contain alphanumeric characters ([a-z], [A-Z], [0-9]) or "
                    + "underscores (_). Spaces are not allowed. Must start with a letter ([a-z], [A-Z]) or underscores (_).",
                    FieldError.invalid("Secret", "name"));
        }
        String upper = name.toUpperCase(Locale.ROOT);
        if (upper.startsWith("GITHUB_")) {
            throw GantryException.invalid("Secret names must not start with GITHUB_.", FieldError.invalid("Secret", "name"));
        }
        return upper;
    }
}
