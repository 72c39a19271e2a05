package dev.gantry.store;

import static dev.gantry.store.StoreFixtures.CREATED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.engine.environments.Environment;
import dev.gantry.engine.environments.EnvironmentProtection;
import dev.gantry.engine.identity.Account;
import dev.gantry.engine.repository.Repository;
import dev.gantry.engine.scope.ActionsScope;
import dev.gantry.engine.secrets.MasterKeys;
import dev.gantry.engine.secrets.ScopeKey;
import dev.gantry.engine.secrets.StoredSecret;
import dev.gantry.engine.store.PageRequest;
import dev.gantry.engine.variables.Variable;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

abstract class EnvironmentStoreContract extends DatabaseContract {
    private SqlEnvironmentStore environments;
    private Repository repository;

    @BeforeAll
    final void createStore() {
        environments = new SqlEnvironmentStore(database);
    }

    @BeforeEach
    final void createRepository() {
        Account owner = new SqlAccountStore(database).create(StoreFixtures.user("mona"));
        repository = new SqlRepositoryStore(database).create(StoreFixtures.repository(owner.id(), "app"));
    }

    @Test
    void namesAreOnePerRepositoryCaseInsensitively() {
        Environment created = environments.createIfAbsent(repository.id(), "Production", CREATED);
        Environment again = environments.createIfAbsent(repository.id(), "production", CREATED.plusSeconds(5));

        assertThat(again).isEqualTo(created);
        assertThat(created.name()).as("the first spelling stays").isEqualTo("Production");
        assertThat(created.protection()).isEqualTo(EnvironmentProtection.NONE);
        assertThat(created.rules()).isEmpty();
        assertThat(environments.find(repository.id(), "PRODUCTION")).contains(created);
        assertThat(environments.find(repository.id(), "staging")).isEmpty();
    }

    @Test
    void rulesKeepTheirIdsWhileTheyStayOn() {
        long id = environments.createIfAbsent(repository.id(), "prod", CREATED).id();
        EnvironmentProtection guarded = new EnvironmentProtection(30, true,
                List.of(new EnvironmentProtection.Reviewer("User", 7)), new EnvironmentProtection.BranchPolicy(true, false));

        Environment first = environments.update(id, guarded, CREATED.plusSeconds(60));
        assertThat(first.protection()).isEqualTo(guarded);
        assertThat(first.updatedAt()).isEqualTo(CREATED.plusSeconds(60));
        assertThat(first.createdAt()).isEqualTo(CREATED);
        assertThat(first.rules()).extracting(Environment.ProtectionRule::type)
                .containsExactly("wait_timer", "required_reviewers", "branch_policy");

        Environment second = environments.update(id, new EnvironmentProtection(10, true, guarded.reviewers(), null), CREATED.plusSeconds(90));
        assertThat(second.rules()).as("the wait timer's and reviewers' rules stay, the branch policy's goes")
                .containsExactly(first.rules().get(0), first.rules().get(1));
        assertThat(second.protection().branchPolicy()).isNull();
        assertThat(environments.find(repository.id(), "prod")).contains(second);
    }

    @Test
    void listPagesByNameAndDeleteTakesSecretsAndVariablesAlong() {
        for (String name : new String[] {"staging", "Alpha", "prod"}) {
            environments.createIfAbsent(repository.id(), name, CREATED);
        }
        var page = environments.list(repository.id(), new PageRequest(1, 2));
        assertThat(page.totalCount()).isEqualTo(3);
        assertThat(page.items()).extracting(Environment::name).containsExactly("Alpha", "prod");

        ActionsScope prod = ActionsScope.environment(environments.find(repository.id(), "prod").orElseThrow().id());
        SqlSecretStore secrets = new SqlSecretStore(database);
        secrets.createKeyIfAbsent(new ScopeKey(prod, "k1", "cHVibGlj", new MasterKeys.AtRest("m1", "c2VhbGVk")));
        secrets.put(new StoredSecret(prod, "TOKEN", new MasterKeys.AtRest("m1", "c2VhbGVk"), null, CREATED, CREATED));
        SqlVariableStore variables = new SqlVariableStore(database);
        variables.create(new Variable(prod, "REGION", "eu", null, CREATED, CREATED));

        assertThat(environments.delete(repository.id(), "PROD")).isTrue();
        assertThat(environments.delete(repository.id(), "prod")).isFalse();
        assertThat(secrets.all(prod)).isEmpty();
        assertThat(secrets.findKey(prod)).isEmpty();
        assertThat(variables.all(prod)).isEmpty();

        new SqlRepositoryStore(database).delete(repository.id());
        assertThat(count("environments")).isZero();
    }
}
