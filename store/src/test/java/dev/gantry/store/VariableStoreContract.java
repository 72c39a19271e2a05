package dev.gantry.store;

import static dev.gantry.store.StoreFixtures.CREATED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.engine.identity.Account;
import dev.gantry.engine.repository.Repository;
import dev.gantry.engine.scope.ActionsScope;
import dev.gantry.engine.store.PageRequest;
import dev.gantry.engine.variables.Variable;
import dev.gantry.engine.variables.VariableStore;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

abstract class VariableStoreContract extends DatabaseContract {
    private SqlVariableStore variables;
    private ActionsScope repositoryScope;
    private ActionsScope organizationScope;
    private Repository repository;

    @BeforeAll
    final void createStore() {
        variables = new SqlVariableStore(database);
    }

    @BeforeEach
    final void createScopes() {
        Account organization = new SqlAccountStore(database).create(StoreFixtures.organization("octo"));
        repository = new SqlRepositoryStore(database).create(StoreFixtures.repository(organization.id(), "app"));
        repositoryScope = ActionsScope.repository(repository.id());
        organizationScope = ActionsScope.organization(organization.id());
    }

    @Test
    void createRefusesATakenNameAndKeepsTheFirst() {
        assertThat(variables.create(variable(repositoryScope, "REGION", "eu", null))).isTrue();
        assertThat(variables.create(variable(repositoryScope, "REGION", "us", null))).isFalse();
        assertThat(variables.find(repositoryScope, "REGION").orElseThrow().value()).isEqualTo("eu");
        assertThat(variables.find(organizationScope, "REGION")).as("scopes are apart").isEmpty();
        assertThat(variables.count(repositoryScope)).isEqualTo(1);
    }

    @Test
    void updateRenamesKeepingCreationTimeAndSelectedRepositories() {
        variables.create(variable(organizationScope, "REGION", "eu", "selected"));
        variables.create(variable(organizationScope, "OTHER", "x", "all"));
        variables.selectedRepositories().set(organizationScope, "REGION", List.of(repository.id()));

        Variable renamed = new Variable(organizationScope, "ZONE", "us", "selected", CREATED, CREATED.plusSeconds(60));
        assertThat(variables.update("REGION", renamed)).isEqualTo(VariableStore.Update.DONE);

        assertThat(variables.find(organizationScope, "REGION")).isEmpty();
        assertThat(variables.find(organizationScope, "ZONE")).contains(renamed);
        assertThat(variables.selectedRepositories().list(organizationScope, "ZONE")).containsExactly(repository.id());
        assertThat(variables.update("ZONE", new Variable(organizationScope, "OTHER", "y", "all", CREATED, CREATED)))
                .isEqualTo(VariableStore.Update.NAME_TAKEN);
        assertThat(variables.update("MISSING", new Variable(organizationScope, "MISSING", "y", "all", CREATED, CREATED)))
                .isEqualTo(VariableStore.Update.MISSING);
        assertThat(variables.find(organizationScope, "OTHER").orElseThrow().value()).isEqualTo("x");
    }

    @Test
    void selectedRepositoriesAddRemoveAndGoWithTheVariable() {
        variables.create(variable(organizationScope, "REGION", "eu", "selected"));
        assertThat(variables.selectedRepositories().add(organizationScope, "REGION", repository.id())).isTrue();
        assertThat(variables.selectedRepositories().add(organizationScope, "REGION", repository.id())).isFalse();
        assertThat(variables.selectedRepositories().remove(organizationScope, "REGION", repository.id())).isTrue();
        assertThat(variables.selectedRepositories().remove(organizationScope, "REGION", repository.id())).isFalse();
        variables.selectedRepositories().add(organizationScope, "REGION", repository.id());

        assertThat(variables.delete(organizationScope, "REGION")).isTrue();
        assertThat(count("variable_repositories")).isZero();
    }

    @Test
    void listPagesByNameAndOwnersTakeTheirVariablesAlong() {
        for (String name : new String[] {"C", "A", "B"}) {
            variables.create(variable(repositoryScope, name, name, null));
        }
        variables.create(variable(organizationScope, "Z", "z", "all"));

        var page = variables.list(repositoryScope, new PageRequest(2, 2));
        assertThat(page.totalCount()).isEqualTo(3);
        assertThat(page.items()).extracting(Variable::name).containsExactly("C");
        assertThat(variables.all(repositoryScope)).extracting(Variable::name).containsExactly("A", "B", "C");
        assertThat(variables.delete(repositoryScope, "B")).isTrue();
        assertThat(variables.delete(repositoryScope, "B")).isFalse();

        new SqlRepositoryStore(database).delete(repository.id());
        assertThat(variables.all(repositoryScope)).isEmpty();
        assertThat(variables.all(organizationScope)).hasSize(1);
        database.jdbi().useHandle(handle -> handle.execute("DELETE FROM accounts"));
        assertThat(count("variables")).isZero();
    }

    private static Variable variable(ActionsScope scope, String name, String value, String visibility) {
        return new Variable(scope, name, value, visibility, CREATED, CREATED);
    }
}
