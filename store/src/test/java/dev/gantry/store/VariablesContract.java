package dev.gantry.store;

import static dev.gantry.store.StoreFixtures.CREATED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.engine.ErrorCategory;
import dev.gantry.engine.GantryException;
import dev.gantry.engine.environments.Environments;
import dev.gantry.engine.identity.Account;
import dev.gantry.engine.repository.Repository;
import dev.gantry.engine.repository.Visibility;
import dev.gantry.engine.scope.ActionsScope;
import dev.gantry.engine.variables.Variables;
import dev.gantry.testing.TestingClock;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The variables use case over the real stores: GitHub's naming and limits, and what a job sees. */
abstract class VariablesContract extends DatabaseContract {
    private final TestingClock clock = new TestingClock(CREATED);
    private Variables variables;
    private Environments environments;
    private Account organization;
    private Repository publicRepository;
    private Repository privateRepository;

    @BeforeAll
    final void createUseCase() {
        SqlAccountStore accounts = new SqlAccountStore(database);
        variables = new Variables(new SqlVariableStore(database), new SqlRepositoryStore(database), accounts, clock);
        environments = new Environments(new SqlEnvironmentStore(database), accounts, clock);
    }

    @BeforeEach
    final void createOrganization() {
        organization = new SqlAccountStore(database).create(StoreFixtures.organization("octo"));
        SqlRepositoryStore repositories = new SqlRepositoryStore(database);
        publicRepository = repositories.create(StoreFixtures.repository(organization.id(), "site", Visibility.PUBLIC));
        privateRepository = repositories.create(StoreFixtures.repository(organization.id(), "app", Visibility.PRIVATE));
    }

    @Test
    void namesFollowGitHubsRulesAndClashCaseInsensitively() {
        ActionsScope scope = ActionsScope.repository(privateRepository.id());
        for (String name : new String[] {"GITHUB_X", "github_x", "1ABC", "HAS-DASH", "", "with space"}) {
            assertThatThrownBy(() -> variables.create(scope, name, "v", null)).as(name)
                    .isInstanceOfSatisfying(GantryException.class, e -> assertThat(e.category()).isEqualTo(ErrorCategory.VALIDATION_FAILED));
        }
        assertThat(variables.create(scope, "region_1", "eu", null).name()).isEqualTo("REGION_1");
        assertThatThrownBy(() -> variables.create(scope, "Region_1", "us", null))
                .isInstanceOfSatisfying(GantryException.class, e -> assertThat(e.category()).isEqualTo(ErrorCategory.CONFLICT));
        variables.create(scope, "OTHER", "x", null);
        assertThatThrownBy(() -> variables.update(scope, "other", "region_1", null, null)).as("a rename onto a taken name")
                .isInstanceOfSatisfying(GantryException.class, e -> assertThat(e.category()).isEqualTo(ErrorCategory.CONFLICT));
        assertThatThrownBy(() -> variables.update(scope, "missing", null, "v", null))
                .isInstanceOfSatisfying(GantryException.class, e -> assertThat(e.category()).isEqualTo(ErrorCategory.NOT_FOUND));

        clock.advance(java.time.Duration.ofMinutes(1));
        var renamed = variables.update(scope, "other", "zone", "y", null);
        assertThat(renamed.name()).isEqualTo("ZONE");
        assertThat(renamed.createdAt()).isEqualTo(CREATED);
        assertThat(renamed.updatedAt()).isEqualTo(CREATED.plusSeconds(60));
    }

    @Test
    void valuesAndCountsAreLimitedAsOnGitHub() {
        ActionsScope scope = ActionsScope.environment(environments.createOrUpdate(privateRepository.id(), "prod",
                new dev.gantry.engine.environments.EnvironmentChanges(null, null, null, false, null)).id());
        assertThatThrownBy(() -> variables.create(scope, "BIG", "x".repeat(48 * 1024 + 1), null))
                .isInstanceOfSatisfying(GantryException.class, e -> assertThat(e.category()).isEqualTo(ErrorCategory.VALIDATION_FAILED));
        variables.create(scope, "FITS", "x".repeat(48 * 1024), null);
        for (int i = 1; i < Variables.MAX_ENVIRONMENT_VARIABLES; i++) {
            variables.create(scope, "V" + i, "v", null);
        }
        assertThatThrownBy(() -> variables.create(scope, "ONE_TOO_MANY", "v", null)).as("100 per environment")
                .isInstanceOfSatisfying(GantryException.class, e -> assertThat(e.category()).isEqualTo(ErrorCategory.VALIDATION_FAILED));
    }

    @Test
    void aJobSeesOrganizationThenRepositoryThenEnvironmentVariablesByVisibility() {
        ActionsScope org = ActionsScope.organization(organization.id());
        variables.create(org, "ALL", "org-all", "all");
        variables.create(org, "PRIVATE_ONLY", "org-private", "private");
        variables.create(org, "CHOSEN", "org-selected", "selected");
        variables.selectedRepositories().set(org, "CHOSEN", List.of(publicRepository.id()));
        variables.create(org, "LEVEL", "org", "all");
        variables.create(ActionsScope.repository(privateRepository.id()), "LEVEL", "repository", null);
        long prod = environments.createOrUpdate(privateRepository.id(), "prod",
                new dev.gantry.engine.environments.EnvironmentChanges(null, null, null, false, null)).id();
        variables.create(ActionsScope.environment(prod), "LEVEL", "environment", null);

        assertThat(variables.forJob(privateRepository.id(), OptionalLong.empty()))
                .isEqualTo(Map.of("ALL", "org-all", "PRIVATE_ONLY", "org-private", "LEVEL", "repository"));
        assertThat(variables.forJob(privateRepository.id(), OptionalLong.of(prod))).containsEntry("LEVEL", "environment");
        assertThat(variables.forJob(publicRepository.id(), OptionalLong.empty()))
                .isEqualTo(Map.of("ALL", "org-all", "CHOSEN", "org-selected", "LEVEL", "org"));
        assertThat(variables.organizationVariablesFor(publicRepository, new dev.gantry.engine.store.PageRequest(1, 10)).items())
                .extracting(dev.gantry.engine.variables.Variable::name).containsExactly("ALL", "CHOSEN", "LEVEL");

        assertThat(variables.selectedRepositories().add(org, "ALL", privateRepository.id())).as("not selected: 409").isFalse();
        assertThat(variables.selectedRepositories().list(org, "all")).as("not selected: 409").isEmpty();
        assertThat(variables.selectedRepositories().list(org, "chosen")).contains(List.of(publicRepository.id()));
    }
}
