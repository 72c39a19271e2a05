package dev.gantry.store;

import static dev.gantry.store.StoreFixtures.CREATED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.engine.identity.Account;
import dev.gantry.engine.repository.Repository;
import dev.gantry.engine.scope.ActionsScope;
import dev.gantry.engine.secrets.MasterKeys;
import dev.gantry.engine.secrets.ScopeKey;
import dev.gantry.engine.secrets.StoredSecret;
import dev.gantry.engine.store.PageRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

abstract class SecretStoreContract extends DatabaseContract {
    private SqlSecretStore secrets;
    private ActionsScope repositoryScope;
    private ActionsScope organizationScope;

    @BeforeAll
    final void createStore() {
        secrets = new SqlSecretStore(database);
    }

    @BeforeEach
    final void createScopes() {
        Account organization = new SqlAccountStore(database).create(StoreFixtures.organization("octo"));
        Repository created = new SqlRepositoryStore(database).create(StoreFixtures.repository(organization.id(), "app"));
        repositoryScope = ActionsScope.repository(created.id());
        organizationScope = ActionsScope.organization(organization.id());
    }

    @Test
    void deletingTheRepositoryOrOrganizationDeletesItsSecretsAndKeys() {
        secrets.put(secret(repositoryScope, "A", "a", null));
        secrets.createKeyIfAbsent(new ScopeKey(repositoryScope, "k1", "cHVibGlj", new MasterKeys.AtRest("m1", "c2VhbGVk")));
        secrets.put(secret(organizationScope, "B", "b", "all"));

        new SqlRepositoryStore(database).delete(repositoryScope.ownerId());
        assertThat(secrets.all(repositoryScope)).isEmpty();
        assertThat(secrets.findKey(repositoryScope)).isEmpty();
        assertThat(secrets.all(organizationScope)).hasSize(1);
        database.jdbi().useHandle(handle -> handle.execute("DELETE FROM accounts"));
        assertThat(count("secrets")).isZero();
    }

    @Test
    void aScopeKeepsItsFirstKey() {
        ScopeKey first = new ScopeKey(repositoryScope, "k1", "cHVibGlj", new MasterKeys.AtRest("m1", "c2VhbGVk"));

        assertThat(secrets.findKey(repositoryScope)).isEmpty();
        assertThat(secrets.createKeyIfAbsent(first)).isEqualTo(first);
        assertThat(secrets.createKeyIfAbsent(new ScopeKey(repositoryScope, "k2", "b3RoZXI=", new MasterKeys.AtRest("m1", "eA=="))))
                .as("a racing second key loses").isEqualTo(first);
        assertThat(secrets.findKey(repositoryScope)).contains(first);
        assertThat(secrets.findKey(organizationScope)).as("scopes of another kind are apart").isEmpty();
    }

    @Test
    void putCreatesThenReplacesKeepingCreationTime() {
        StoredSecret first = secret(repositoryScope, "TOKEN", "one", null);
        assertThat(secrets.put(first)).isTrue();
        StoredSecret second = new StoredSecret(repositoryScope, "TOKEN", new MasterKeys.AtRest("m2", "two"), null, CREATED.plusSeconds(60),
                CREATED.plusSeconds(60));

        assertThat(secrets.put(second)).isFalse();

        assertThat(secrets.find(repositoryScope, "TOKEN")).contains(new StoredSecret(repositoryScope, "TOKEN",
                new MasterKeys.AtRest("m2", "two"), null, CREATED, CREATED.plusSeconds(60)));
        assertThat(secrets.find(organizationScope, "TOKEN")).isEmpty();
    }

    @Test
    void anOrganizationSecretKeepsItsVisibilityUnlessGivenOne() {
        secrets.put(secret(organizationScope, "NPM", "one", "selected"));
        secrets.put(secret(organizationScope, "NPM", "two", null));
        assertThat(secrets.find(organizationScope, "NPM").orElseThrow().visibility()).isEqualTo("selected");
        secrets.put(secret(organizationScope, "NPM", "three", "private"));
        assertThat(secrets.find(organizationScope, "NPM").orElseThrow().visibility()).isEqualTo("private");
    }

    @Test
    void listPagesByNameAndDeleteRemoves() {
        for (String name : new String[] {"C", "A", "B"}) {
            secrets.put(secret(repositoryScope, name, name, null));
        }
        secrets.put(secret(organizationScope, "Z", "z", "all"));

        var page = secrets.list(repositoryScope, new PageRequest(2, 2));
        assertThat(page.totalCount()).isEqualTo(3);
        assertThat(page.items()).extracting(StoredSecret::name).containsExactly("C");
        assertThat(secrets.all(repositoryScope)).extracting(StoredSecret::name).containsExactly("A", "B", "C");

        assertThat(secrets.delete(repositoryScope, "B")).isTrue();
        assertThat(secrets.delete(repositoryScope, "B")).isFalse();
        assertThat(secrets.all(repositoryScope)).extracting(StoredSecret::name).containsExactly("A", "C");
        assertThat(secrets.all(organizationScope)).extracting(StoredSecret::name).containsExactly("Z");
    }

    private static StoredSecret secret(ActionsScope scope, String name, String cipherText, String visibility) {
        return new StoredSecret(scope, name, new MasterKeys.AtRest("m1", cipherText), visibility, CREATED, CREATED);
    }
}
