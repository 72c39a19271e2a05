package dev.gantry.store;

import static dev.gantry.store.StoreFixtures.CREATED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.engine.ErrorCategory;
import dev.gantry.engine.GantryException;
import dev.gantry.engine.environments.Environment;
import dev.gantry.engine.environments.EnvironmentChanges;
import dev.gantry.engine.environments.EnvironmentProtection;
import dev.gantry.engine.environments.Environments;
import dev.gantry.engine.identity.Account;
import dev.gantry.engine.repository.Repository;
import dev.gantry.testing.TestingClock;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The environments use case over the real stores: settings, GitHub's 422s, and the environment a job names. */
abstract class EnvironmentsContract extends DatabaseContract {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final TestingClock clock = new TestingClock(CREATED);
    private Environments environments;
    private Account mona;
    private Account organization;
    private Repository repository;

    @BeforeAll
    final void createUseCase() {
        environments = new Environments(new SqlEnvironmentStore(database), new SqlAccountStore(database), clock);
    }

    @BeforeEach
    final void createRepository() {
        SqlAccountStore accounts = new SqlAccountStore(database);
        mona = accounts.create(StoreFixtures.user("mona"));
        organization = accounts.create(StoreFixtures.organization("octo"));
        repository = new SqlRepositoryStore(database).create(StoreFixtures.repository(mona.id(), "app"));
    }

    @Test
    void settingsLeftOutKeepTheirValue() {
        Environment created = environments.createOrUpdate(repository.id(), "prod", new EnvironmentChanges(30, null,
                List.of(new EnvironmentProtection.Reviewer("User", mona.id())), true, new EnvironmentProtection.BranchPolicy(false, true)));
        assertThat(created.rules()).extracting(Environment.ProtectionRule::type)
                .containsExactly("wait_timer", "required_reviewers", "branch_policy");

        Environment changed = environments.createOrUpdate(repository.id(), "PROD", new EnvironmentChanges(null, true, List.of(), false, null));
        assertThat(changed.id()).isEqualTo(created.id());
        assertThat(changed.protection()).isEqualTo(new EnvironmentProtection(30, true, List.of(),
                new EnvironmentProtection.BranchPolicy(false, true)));
        assertThat(changed.rules()).extracting(Environment.ProtectionRule::type).containsExactly("wait_timer", "branch_policy");
        Environment open = environments.createOrUpdate(repository.id(), "prod", new EnvironmentChanges(0, null, null, true, null));
        assertThat(open.rules()).isEmpty();
    }

    @Test
    void invalidSettingsAreRefusedAndChangeNothing() {
        List<EnvironmentChanges> invalid = List.of(
                new EnvironmentChanges(43_201, null, null, false, null),
                new EnvironmentChanges(-1, null, null, false, null),
                new EnvironmentChanges(null, null, List.of(new EnvironmentProtection.Reviewer("User", 999_999)), false, null),
                new EnvironmentChanges(null, null, List.of(new EnvironmentProtection.Reviewer("User", organization.id())), false, null),
                new EnvironmentChanges(null, null, List.of(new EnvironmentProtection.Reviewer("Team", 1)), false, null),
                new EnvironmentChanges(null, null, java.util.Collections.nCopies(7, new EnvironmentProtection.Reviewer("User", mona.id())),
                        false, null),
                new EnvironmentChanges(null, null, null, true, new EnvironmentProtection.BranchPolicy(true, true)),
                new EnvironmentChanges(null, null, null, true, new EnvironmentProtection.BranchPolicy(false, false)));
        for (EnvironmentChanges changes : invalid) {
            assertThatThrownBy(() -> environments.createOrUpdate(repository.id(), "prod", changes)).as(changes.toString())
                    .isInstanceOfSatisfying(GantryException.class, e -> assertThat(e.category()).isEqualTo(ErrorCategory.VALIDATION_FAILED));
        }
        assertThatThrownBy(() -> environments.createOrUpdate(repository.id(), "x".repeat(256), new EnvironmentChanges(null, null, null,
                false, null))).isInstanceOf(GantryException.class);
        assertThat(environments.list(repository.id(), new dev.gantry.engine.store.PageRequest(1, 10)).totalCount()).isZero();
    }

    @Test
    void aJobsEnvironmentIsCreatedOnFirstUseWhateverFormItTakes() throws Exception {
        ObjectNode contexts = (ObjectNode) JSON.readTree("{\"matrix\":{\"stage\":\"staging\"},\"vars\":{\"TARGET\":\"canary\"}}");

        assertThat(environments.forJob(repository.id(), JSON.readTree("{}"), contexts)).isEmpty();
        Environment plain = environments.forJob(repository.id(), JSON.readTree("{\"environment\":\"production\"}"), contexts).orElseThrow();
        assertThat(plain.name()).isEqualTo("production");
        assertThat(environments.forJob(repository.id(), JSON.readTree("{\"environment\":\"Production\"}"), contexts))
                .as("found again, case-insensitively").contains(plain);
        assertThat(environments.forJob(repository.id(), JSON.readTree(
                "{\"environment\":{\"type\":3,\"expr\":\"matrix.stage\"}}"), contexts).orElseThrow().name()).isEqualTo("staging");
        assertThat(environments.forJob(repository.id(), JSON.readTree("""
                {"environment":{"type":2,"map":[{"Key":"url","Value":"https://x"},
                  {"Key":"name","Value":{"type":3,"expr":"format('{0}-eu', vars.TARGET)"}}]}}"""), contexts).orElseThrow().name())
                .isEqualTo("canary-eu");
        assertThat(environments.list(repository.id(), new dev.gantry.engine.store.PageRequest(1, 10)).items())
                .extracting(Environment::name).containsExactly("canary-eu", "production", "staging");
    }
}
