package dev.gantry.store;

import static dev.gantry.store.StoreFixtures.organization;
import static dev.gantry.store.StoreFixtures.repository;
import static dev.gantry.store.StoreFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.engine.GantryException;
import dev.gantry.engine.identity.Account;
import dev.gantry.engine.identity.OrganizationRole;
import dev.gantry.engine.repository.Repository;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

abstract class TransactionsContract extends DatabaseContract {
    private SqlAccountStore accounts;
    private SqlMembershipStore memberships;
    private SqlRepositoryStore repositories;
    private SqlTransactions transactions;

    @BeforeAll
    final void createStores() {
        accounts = new SqlAccountStore(database);
        memberships = new SqlMembershipStore(database);
        repositories = new SqlRepositoryStore(database);
        transactions = new SqlTransactions(database);
    }

    @Test
    void committedWorkOfSeveralStoresIsKept() {
        Account admin = accounts.create(user("mona"));

        Account organization = transactions.inTransaction(() -> {
            Account created = accounts.create(organization("acme"));
            memberships.put(created.id(), admin.id(), OrganizationRole.ADMIN);
            repositories.create(repository(created.id(), "rockets"));
            return created;
        });

        assertThat(memberships.roleOf(organization.id(), admin.id())).contains(OrganizationRole.ADMIN);
        assertThat(repositories.findByOwnerAndName(organization.id(), "rockets")).isPresent();
    }

    @Test
    void aRuntimeExceptionRollsBackEveryStoresWritesAndPropagatesUnchanged() {
        Account admin = accounts.create(user("mona"));
        IllegalStateException failure = new IllegalStateException("git storage unavailable");

        assertThatThrownBy(() -> transactions.inTransaction(() -> {
            Account created = accounts.create(organization("acme"));
            memberships.put(created.id(), admin.id(), OrganizationRole.ADMIN);
            repositories.create(repository(created.id(), "rockets"));
            throw failure;
        })).isSameAs(failure);

        assertThat(accounts.findByLogin("acme")).isEmpty();
        assertThat(count("memberships")).isZero();
        assertThat(count("repositories")).isZero();
    }

    @Test
    void aStoreErrorInsideATransactionRollsBackTheEarlierWrites() {
        accounts.create(user("taken"));

        assertThatThrownBy(() -> transactions.inTransaction(() -> {
            accounts.create(user("first"));
            return accounts.create(user("TAKEN"));
        })).isInstanceOf(GantryException.class);

        assertThat(accounts.findByLogin("first")).isEmpty();
    }

    @Test
    void aTakenNameCanBeHandledInsideATransactionWhichThenCommits() {
        Account owner = accounts.create(user("taken"));
        repositories.create(repository(owner.id(), "taken-name"));
        Repository other = repositories.create(repository(owner.id(), "other"));

        transactions.inTransaction(() -> {
            assertThatThrownBy(() -> accounts.create(user("TAKEN"))).isInstanceOf(GantryException.class);
            assertThatThrownBy(() -> repositories.create(repository(owner.id(), "Taken-Name"))).isInstanceOf(GantryException.class);
            assertThatThrownBy(() -> repositories.update(new Repository(other.id(), owner.id(),
                    "TAKEN-NAME", null, null, other.visibility(), other.defaultBranch(), false, other.settings(),
                    other.createdAt(), other.updatedAt(), null))).isInstanceOf(GantryException.class);
            // On PostgreSQL a failed statement would poison the transaction; these must not.
            accounts.create(user("fallback"));
        });

        assertThat(accounts.findByLogin("fallback")).isPresent();
        assertThat(repositories.findById(other.id()).orElseThrow().name()).isEqualTo("other");
    }

    @Test
    void readsInsideATransactionSeeItsUncommittedWrites() {
        transactions.inTransaction(() -> {
            Account created = accounts.create(user("mona"));
            assertThat(accounts.findByLogin("MONA")).contains(created);
            assertThat(accounts.findById(created.id())).contains(created);
        });
    }

    @Test
    void otherThreadsDoNotSeeUncommittedWrites() throws Exception {
        transactions.inTransaction(() -> {
            accounts.create(user("mona"));
            boolean seenElsewhere = CompletableFuture.supplyAsync(() -> accounts.findByLogin("mona").isPresent())
                    .orTimeout(5, TimeUnit.SECONDS)
                    .join();
            assertThat(seenElsewhere).isFalse();
        });
        assertThat(accounts.findByLogin("mona")).isPresent();
    }

    @Test
    void nestedTransactionsJoinTheOutermost() {
        assertThatThrownBy(() -> transactions.inTransaction(() -> {
            transactions.inTransaction(() -> accounts.create(user("inner")));
            assertThat(accounts.findByLogin("inner")).isPresent();
            throw new IllegalStateException("outer fails after inner finished");
        })).hasMessage("outer fails after inner finished");

        assertThat(accounts.findByLogin("inner")).isEmpty();
    }

    @Test
    void aFailedTransactionLeavesTheThreadFreeForTheNext() {
        assertThatThrownBy(() -> transactions.inTransaction(() -> {
            accounts.create(user("rolled-back"));
            throw new IllegalArgumentException("no");
        })).isInstanceOf(IllegalArgumentException.class);

        Account kept = accounts.create(user("kept"));
        transactions.inTransaction(() -> accounts.create(user("also-kept")));

        assertThat(accounts.findById(kept.id())).isPresent();
        assertThat(accounts.findByLogin("also-kept")).isPresent();
        assertThat(accounts.findByLogin("rolled-back")).isEmpty();
    }
}
