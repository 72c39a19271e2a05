package dev.gantry.store;

import static dev.gantry.store.StoreFixtures.CREATED;
import static dev.gantry.store.StoreFixtures.organization;
import static dev.gantry.store.StoreFixtures.repository;
import static dev.gantry.store.StoreFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.engine.ErrorCategory;
import dev.gantry.engine.FieldError;
import dev.gantry.engine.GantryException;
import dev.gantry.engine.identity.Account;
import dev.gantry.engine.repository.NewRepository;
import dev.gantry.engine.repository.Repository;
import dev.gantry.engine.repository.RepositorySettings;
import dev.gantry.engine.repository.Visibility;
import dev.gantry.engine.store.Page;
import dev.gantry.engine.store.PageRequest;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

abstract class RepositoryStoreContract extends DatabaseContract {
    private static final FieldError NAME_TAKEN = FieldError.custom("Repository", "name", "name already exists on this account");
    private static final Set<Visibility> ALL = EnumSet.allOf(Visibility.class);

    private SqlAccountStore accounts;
    private SqlRepositoryStore repositories;
    private Account owner;

    @BeforeAll
    final void createStores() {
        accounts = new SqlAccountStore(database);
        repositories = new SqlRepositoryStore(database);
    }

    @BeforeEach
    final void createOwner() {
        owner = accounts.create(user("mona"));
    }

    @Test
    void createdRepositoryIsFoundWithEveryField() {
        RepositorySettings settings = new RepositorySettings(false, true, false, true, true, false, true, false, true, true,
                false, true, true);
        Repository created = repositories.create(new NewRepository(owner.id(), "Hello-World", "My first repository",
                "https://example.com", Visibility.INTERNAL, "trunk", settings, CREATED));

        Repository expected = new Repository(created.id(), owner.id(), "Hello-World", "My first repository",
                "https://example.com", Visibility.INTERNAL, "trunk", false, settings, CREATED, CREATED, null);
        assertThat(created).isEqualTo(expected);
        assertThat(repositories.findById(created.id())).contains(expected);
        assertThat(repositories.findByOwnerAndName(owner.id(), "Hello-World")).contains(expected);
    }

    @Test
    void namesAreLookedUpCaseInsensitivelyPerOwner() {
        Account other = accounts.create(user("hubot"));
        Repository created = repositories.create(repository(owner.id(), "Hello-World"));

        assertThat(repositories.findByOwnerAndName(owner.id(), "hello-world")).contains(created);
        assertThat(repositories.findByOwnerAndName(owner.id(), "HELLO-WORLD")).contains(created);
        assertThat(repositories.findByOwnerAndName(other.id(), "hello-world")).isEmpty();
        assertThat(repositories.findById(created.id() + 1000)).isEmpty();
    }

    @Test
    void aNameTakenOnTheAccountInAnyCaseIsRefusedAsGitHubDoes() {
        repositories.create(repository(owner.id(), "Hello-World"));

        assertThatThrownBy(() -> repositories.create(repository(owner.id(), "hello-WORLD")))
                .isInstanceOfSatisfying(GantryException.class, error -> {
                    assertThat(error.category()).isEqualTo(ErrorCategory.VALIDATION_FAILED);
                    assertThat(error.fieldErrors()).containsExactly(NAME_TAKEN);
                });
        // Other owners may use the name.
        Account other = accounts.create(organization("acme"));
        assertThat(repositories.create(repository(other.id(), "hello-world")).name()).isEqualTo("hello-world");
    }

    @Test
    void updateReplacesEveryMutableFieldIncludingTheName() {
        Repository created = repositories.create(repository(owner.id(), "old-name"));
        Instant pushed = CREATED.plusSeconds(30);
        Instant updatedAt = CREATED.plusSeconds(60);
        RepositorySettings settings = new RepositorySettings(false, false, false, false, false, false, false, false, false,
                false, false, false, false);

        Repository updated = repositories.update(new Repository(created.id(), owner.id(), "New-Name", null, "https://new",
                Visibility.PRIVATE, "develop", true, settings, created.createdAt(), updatedAt, pushed));

        Repository expected = new Repository(created.id(), owner.id(), "New-Name", null, "https://new", Visibility.PRIVATE,
                "develop", true, settings, CREATED, updatedAt, pushed);
        assertThat(updated).isEqualTo(expected);
        assertThat(repositories.findByOwnerAndName(owner.id(), "new-name")).contains(expected);
        assertThat(repositories.findByOwnerAndName(owner.id(), "old-name")).isEmpty();
    }

    @Test
    void renamingOntoATakenNameIsRefusedAndChangesNothing() {
        repositories.create(repository(owner.id(), "taken"));
        Repository other = repositories.create(repository(owner.id(), "other"));

        assertThatThrownBy(() -> repositories.update(renamed(other, "TAKEN")))
                .isInstanceOfSatisfying(GantryException.class, error -> assertThat(error.fieldErrors()).containsExactly(NAME_TAKEN));
        assertThat(repositories.findById(other.id())).contains(other);
        // Changing only the case of its own name is a rename like any other.
        assertThat(repositories.update(renamed(other, "OTHER")).name()).isEqualTo("OTHER");
    }

    @Test
    void updatingAMissingRepositoryIsNotFound() {
        Repository created = repositories.create(repository(owner.id(), "short-lived"));
        repositories.delete(created.id());

        assertThatThrownBy(() -> repositories.update(renamed(created, "anything")))
                .isInstanceOfSatisfying(GantryException.class, error -> assertThat(error.category()).isEqualTo(ErrorCategory.NOT_FOUND));
    }

    @Test
    void deleteReportsWhetherTheRepositoryExisted() {
        Repository created = repositories.create(repository(owner.id(), "gone"));

        assertThat(repositories.delete(created.id())).isTrue();
        assertThat(repositories.delete(created.id())).isFalse();
        assertThat(repositories.findById(created.id())).isEmpty();
        assertThat(repositories.create(repository(owner.id(), "gone")).id()).isNotEqualTo(created.id());
    }

    @Test
    void listByOwnerIsOrderedByNameIgnoringCaseAndFilteredByVisibility() {
        Repository beta = repositories.create(repository(owner.id(), "beta"));
        Repository alpha = repositories.create(repository(owner.id(), "Alpha", Visibility.PRIVATE));
        Repository gamma = repositories.create(repository(owner.id(), "gamma"));
        Repository delta = repositories.create(repository(owner.id(), "Delta", Visibility.INTERNAL));
        repositories.create(repository(accounts.create(user("hubot")).id(), "aardvark"));

        assertThat(repositories.listByOwner(owner.id(), ALL, new PageRequest(1, 30)).items())
                .containsExactly(alpha, beta, delta, gamma);
        Page<Repository> publicOnly = repositories.listByOwner(owner.id(), Set.of(Visibility.PUBLIC), new PageRequest(1, 30));
        assertThat(publicOnly.items()).containsExactly(beta, gamma);
        assertThat(publicOnly.totalCount()).isEqualTo(2);
        Page<Repository> second = repositories.listByOwner(owner.id(), ALL, new PageRequest(2, 3));
        assertThat(second.items()).containsExactly(gamma);
        assertThat(second.totalCount()).isEqualTo(4);
        assertThat(repositories.listByOwner(owner.id(), Set.of(), new PageRequest(1, 30))).isEqualTo(new Page<>(List.of(), 0));
    }

    @Test
    void listOwnedByAnyOfFiltersByOwnersAndVisibility() {
        Account organization = accounts.create(organization("acme"));
        Account stranger = accounts.create(user("stranger"));
        Repository mine = repositories.create(repository(owner.id(), "tools", Visibility.PRIVATE));
        Repository ours = repositories.create(repository(organization.id(), "Tools"));
        Repository internal = repositories.create(repository(organization.id(), "handbook", Visibility.INTERNAL));
        repositories.create(repository(stranger.id(), "secret", Visibility.PRIVATE));
        repositories.create(repository(stranger.id(), "blog"));
        Set<Visibility> all = Set.of(Visibility.values());

        Page<Repository> visible = repositories.listOwnedByAnyOf(List.of(owner.id(), organization.id()), all, new PageRequest(1, 30));

        // Equal names sort by id, so pages never overlap or skip.
        assertThat(visible.items()).containsExactly(internal, mine, ours);
        assertThat(visible.totalCount()).isEqualTo(3);
        Page<Repository> secondPage = repositories.listOwnedByAnyOf(List.of(owner.id(), organization.id()), all, new PageRequest(2, 2));
        assertThat(secondPage.items()).containsExactly(ours);
        assertThat(secondPage.totalCount()).isEqualTo(3);
        assertThat(repositories.listOwnedByAnyOf(List.of(owner.id(), organization.id()), Set.of(Visibility.PRIVATE, Visibility.INTERNAL),
                new PageRequest(1, 30)).items()).containsExactly(internal, mine);
        assertThat(repositories.listOwnedByAnyOf(List.of(owner.id()), Set.of(Visibility.PUBLIC), new PageRequest(1, 30)).totalCount()).isZero();
        assertThat(repositories.listOwnedByAnyOf(List.of(), all, new PageRequest(1, 30)).totalCount()).isZero();
    }

    private static Repository renamed(Repository repository, String name) {
        return new Repository(repository.id(), repository.ownerId(), name, repository.description(), repository.homepage(),
                repository.visibility(), repository.defaultBranch(), repository.archived(), repository.settings(),
                repository.createdAt(), repository.updatedAt(), repository.pushedAt());
    }
}
