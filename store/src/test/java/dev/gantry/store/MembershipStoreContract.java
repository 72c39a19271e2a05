package dev.gantry.store;

import static dev.gantry.store.StoreFixtures.organization;
import static dev.gantry.store.StoreFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.engine.identity.Account;
import dev.gantry.engine.identity.OrganizationRole;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

abstract class MembershipStoreContract extends DatabaseContract {
    private SqlAccountStore accounts;
    private SqlMembershipStore memberships;

    @BeforeAll
    final void createStores() {
        accounts = new SqlAccountStore(database);
        memberships = new SqlMembershipStore(database);
    }

    @Test
    void putAddsThenChangesTheRole() {
        Account organization = accounts.create(organization("acme"));
        Account user = accounts.create(user("mona"));

        assertThat(memberships.roleOf(organization.id(), user.id())).isEmpty();
        memberships.put(organization.id(), user.id(), OrganizationRole.MEMBER);
        assertThat(memberships.roleOf(organization.id(), user.id())).contains(OrganizationRole.MEMBER);
        memberships.put(organization.id(), user.id(), OrganizationRole.ADMIN);
        assertThat(memberships.roleOf(organization.id(), user.id())).contains(OrganizationRole.ADMIN);
        assertThat(count("memberships")).isEqualTo(1);
    }

    @Test
    void removeReportsWhetherTheUserBelonged() {
        Account organization = accounts.create(organization("acme"));
        Account user = accounts.create(user("mona"));
        memberships.put(organization.id(), user.id(), OrganizationRole.MEMBER);

        assertThat(memberships.remove(organization.id(), user.id())).isTrue();
        assertThat(memberships.remove(organization.id(), user.id())).isFalse();
        assertThat(memberships.roleOf(organization.id(), user.id())).isEmpty();
    }

    @Test
    void organizationsOfAUserAreInAscendingIdOrder() {
        Account first = accounts.create(organization("first"));
        Account second = accounts.create(organization("second"));
        Account third = accounts.create(organization("third"));
        Account user = accounts.create(user("mona"));
        Account other = accounts.create(user("hubot"));
        memberships.put(third.id(), user.id(), OrganizationRole.MEMBER);
        memberships.put(first.id(), user.id(), OrganizationRole.ADMIN);
        memberships.put(second.id(), other.id(), OrganizationRole.MEMBER);

        assertThat(memberships.organizationsOf(user.id())).containsExactly(first.id(), third.id());
        assertThat(memberships.organizationsOf(other.id())).containsExactly(second.id());
        assertThat(memberships.organizationsOf(424242)).isEmpty();
    }
}
