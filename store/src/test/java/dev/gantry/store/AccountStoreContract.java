package dev.gantry.store;

import static dev.gantry.store.StoreFixtures.CREATED;
import static dev.gantry.store.StoreFixtures.organization;
import static dev.gantry.store.StoreFixtures.repository;
import static dev.gantry.store.StoreFixtures.token;
import static dev.gantry.store.StoreFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.engine.ErrorCategory;
import dev.gantry.engine.FieldError;
import dev.gantry.engine.GantryException;
import dev.gantry.engine.identity.Account;
import dev.gantry.engine.identity.AccountType;
import dev.gantry.engine.identity.NewAccount;
import dev.gantry.engine.identity.OrganizationRole;
import dev.gantry.engine.identity.Profile;
import dev.gantry.engine.store.Page;
import dev.gantry.engine.store.PageRequest;
import java.time.Instant;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

abstract class AccountStoreContract extends DatabaseContract {
    private SqlAccountStore accounts;
    private SqlMembershipStore memberships;
    private SqlRepositoryStore repositories;
    private SqlTokenStore tokens;

    @BeforeAll
    final void createStores() {
        accounts = new SqlAccountStore(database);
        memberships = new SqlMembershipStore(database);
        repositories = new SqlRepositoryStore(database);
        tokens = new SqlTokenStore(database);
    }

    @Test
    void createdAccountIsFoundByIdAndLoginWithEveryField() {
        Profile profile = new Profile("Mona Lisa", "mona@example.com", "GitHub", "https://mona.example", "San Francisco",
                "Painted once", "mona", "unused for users", "billing@example.com");
        Account created = accounts.create(new NewAccount("Mona", AccountType.USER, profile, true, null, CREATED));

        assertThat(created.id()).isPositive();
        Account expected = new Account(created.id(), "Mona", AccountType.USER, profile, true, null, CREATED, CREATED);
        assertThat(created).isEqualTo(expected);
        assertThat(accounts.findById(created.id())).contains(expected);
        assertThat(accounts.findByLogin("Mona")).contains(expected);
    }

    @Test
    void organizationKeepsItsDefaultRepositoryPermission() {
        Account organization = accounts.create(organization("acme"));

        assertThat(accounts.findById(organization.id()).orElseThrow())
                .extracting(Account::type, Account::defaultRepositoryPermission, Account::siteAdmin)
                .containsExactly(AccountType.ORGANIZATION, "read", false);
    }

    @Test
    void loginsAreLookedUpCaseInsensitivelyAndKeepTheirCase() {
        Account created = accounts.create(user("Octo-Cat"));

        assertThat(accounts.findByLogin("octo-cat")).contains(created);
        assertThat(accounts.findByLogin("OCTO-CAT").orElseThrow().login()).isEqualTo("Octo-Cat");
        assertThat(accounts.findByLogin("octo-dog")).isEmpty();
        assertThat(accounts.findById(created.id() + 1000)).isEmpty();
    }

    @Test
    void aTakenLoginInAnyCaseIsAlreadyExistsOnLogin() {
        accounts.create(user("octocat"));

        assertThatThrownBy(() -> accounts.create(user("OctoCat")))
                .isInstanceOfSatisfying(GantryException.class, error -> {
                    assertThat(error.category()).isEqualTo(ErrorCategory.VALIDATION_FAILED);
                    assertThat(error.fieldErrors()).containsExactly(FieldError.alreadyExists("User", "login"));
                });
        // Users and organizations share one namespace, as on GitHub.
        assertThatThrownBy(() -> accounts.create(organization("OCTOCAT")))
                .isInstanceOfSatisfying(GantryException.class, error -> assertThat(error.fieldErrors())
                        .containsExactly(FieldError.alreadyExists("Organization", "login")));
        assertThat(count("accounts")).isEqualTo(1);
    }

    @Test
    void updateReplacesTheMutableFieldsOnly() {
        Account created = accounts.create(organization("acme"));
        Instant later = CREATED.plusSeconds(60);
        Profile profile = created.profile().withName("Acme Corporation").withEmail("hello@acme.example");

        Account updated = accounts.update(new Account(created.id(), "ACME-renamed", created.type(), profile, false, "write",
                later.plusSeconds(1), later));

        Account expected = new Account(created.id(), "acme", AccountType.ORGANIZATION, profile, false, "write", CREATED, later);
        assertThat(updated).isEqualTo(expected);
        assertThat(accounts.findByLogin("acme")).contains(expected);
    }

    @Test
    void updatingAMissingAccountIsNotFound() {
        Account ghost = new Account(424242, "ghost", AccountType.USER, Profile.empty(), false, null, CREATED, CREATED);

        assertThatThrownBy(() -> accounts.update(ghost))
                .isInstanceOfSatisfying(GantryException.class, error -> assertThat(error.category()).isEqualTo(ErrorCategory.NOT_FOUND));
    }

    @Test
    void deleteReportsWhetherTheAccountExisted() {
        Account created = accounts.create(user("gone"));

        assertThat(accounts.delete(created.id())).isTrue();
        assertThat(accounts.delete(created.id())).isFalse();
        assertThat(accounts.findById(created.id())).isEmpty();
        assertThat(accounts.findByLogin("gone")).isEmpty();
        // The login is free again.
        assertThat(accounts.create(user("GONE")).login()).isEqualTo("GONE");
    }

    @Test
    void deletingAUserTakesItsMembershipsRepositoriesAndTokens() {
        Account organization = accounts.create(organization("acme"));
        Account user = accounts.create(user("mona"));
        Account other = accounts.create(user("hubot"));
        memberships.put(organization.id(), user.id(), OrganizationRole.ADMIN);
        memberships.put(organization.id(), other.id(), OrganizationRole.MEMBER);
        repositories.create(repository(user.id(), "dotfiles"));
        repositories.create(repository(other.id(), "dotfiles"));
        tokens.create(token(user.id(), "hash-1"));
        tokens.create(token(other.id(), "hash-2"));

        assertThat(accounts.delete(user.id())).isTrue();

        assertThat(memberships.roleOf(organization.id(), user.id())).isEmpty();
        assertThat(memberships.roleOf(organization.id(), other.id())).contains(OrganizationRole.MEMBER);
        assertThat(repositories.findByOwnerAndName(user.id(), "dotfiles")).isEmpty();
        assertThat(repositories.findByOwnerAndName(other.id(), "dotfiles")).isPresent();
        assertThat(tokens.findByHash("hash-1")).isEmpty();
        assertThat(tokens.findByHash("hash-2")).isPresent();
    }

    @Test
    void deletingAnOrganizationTakesItsMembershipsAndRepositories() {
        Account organization = accounts.create(organization("acme"));
        Account user = accounts.create(user("mona"));
        memberships.put(organization.id(), user.id(), OrganizationRole.MEMBER);
        repositories.create(repository(organization.id(), "rockets"));

        accounts.delete(organization.id());

        assertThat(memberships.organizationsOf(user.id())).isEmpty();
        assertThat(count("repositories")).isZero();
        assertThat(accounts.findById(user.id())).isPresent();
    }

    @Test
    void listPagesInCreationOrderWithTheTotalOfTheWholeList() {
        var users = IntStream.rangeClosed(1, 5).mapToObj(i -> accounts.create(user("user-" + i))).toList();
        var organizations = IntStream.rangeClosed(1, 2).mapToObj(i -> accounts.create(organization("org-" + i))).toList();

        Page<Account> first = accounts.list(AccountType.USER, new PageRequest(1, 2));
        Page<Account> third = accounts.list(AccountType.USER, new PageRequest(3, 2));
        Page<Account> beyond = accounts.list(AccountType.USER, new PageRequest(4, 2));

        assertThat(first.items()).containsExactly(users.get(0), users.get(1));
        assertThat(first.totalCount()).isEqualTo(5);
        assertThat(third.items()).containsExactly(users.get(4));
        assertThat(third.totalCount()).isEqualTo(5);
        assertThat(beyond.items()).isEmpty();
        assertThat(beyond.totalCount()).isEqualTo(5);
        assertThat(accounts.list(AccountType.ORGANIZATION, new PageRequest(1, 30)).items()).isEqualTo(organizations);
        Page<Account> everyone = accounts.list(null, new PageRequest(2, 3));
        assertThat(everyone.items()).containsExactly(users.get(3), users.get(4), organizations.get(0));
        assertThat(everyone.totalCount()).isEqualTo(7);
    }
}
