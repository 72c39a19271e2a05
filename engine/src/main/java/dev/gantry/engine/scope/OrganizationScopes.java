package dev.gantry.engine.scope;

import dev.gantry.engine.identity.Account;
import dev.gantry.engine.identity.AccountStore;
import dev.gantry.engine.repository.Repository;
import java.util.Objects;
import java.util.Optional;

/** The organization scope above a repository: its owner's, when the owner is an organization. */
public final class OrganizationScopes {
    private final AccountStore accounts;

    public OrganizationScopes(AccountStore accounts) {
        this.accounts = Objects.requireNonNull(accounts, "accounts");
    }

    public Optional<ActionsScope> of(Repository repository) {
        return accounts.findById(repository.ownerId()).filter(Account::isOrganization)
                .map(organization -> ActionsScope.organization(organization.id()));
    }
}
