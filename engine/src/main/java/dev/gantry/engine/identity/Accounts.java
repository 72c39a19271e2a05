package dev.gantry.engine.identity;

import dev.gantry.engine.GantryException;
import dev.gantry.engine.store.Transactions;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** The use cases of users and organizations: create, find, update, delete. */
public final class Accounts {
    private final AccountStore accounts;
    private final MembershipStore memberships;
    private final Transactions transactions;
    private final Clock clock;

    public Accounts(AccountStore accounts, MembershipStore memberships, Transactions transactions, Clock clock) {
        this.accounts = accounts;
        this.memberships = memberships;
        this.transactions = transactions;
        this.clock = clock;
    }

    public Account createUser(String login, String email, boolean siteAdmin) {
        Logins.require(login, "User");
        return accounts.create(new NewAccount(login, AccountType.USER, Profile.empty().withEmail(email), siteAdmin, null, now()));
    }

    /** Creates an organization whose first owner is {@code admin}, as GitHub does. */
    public Account createOrganization(String login, Account admin, String displayName) {
        Logins.require(login, "Organization");
        return transactions.inTransaction(() -> {
            Account organization = accounts.create(new NewAccount(
                    login, AccountType.ORGANIZATION, Profile.empty().withName(displayName), false, "read", now()));
            memberships.put(organization.id(), admin.id(), OrganizationRole.ADMIN);
            return organization;
        });
    }

    public Optional<Account> find(String login) {
        return accounts.findByLogin(login);
    }

    public Optional<Account> findById(long id) {
        return accounts.findById(id);
    }

    public Account requireUser(String login) {
        return accounts.findByLogin(login).filter(account -> !account.isOrganization()).orElseThrow(GantryException::notFound);
    }

    public Account requireOrganization(String login) {
        return accounts.findByLogin(login).filter(Account::isOrganization).orElseThrow(GantryException::notFound);
    }

    public Account update(Account account, Profile profile, String defaultRepositoryPermission) {
        return accounts.update(new Account(account.id(), account.login(), account.type(), profile, account.siteAdmin(),
                defaultRepositoryPermission, account.createdAt(), now()));
    }

    public void addMember(Account organization, Account user, OrganizationRole role) {
        memberships.put(organization.id(), user.id(), role);
    }

    public boolean delete(Account account) {
        return accounts.delete(account.id());
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }
}
