package dev.gantry.engine.scope;

import dev.gantry.engine.identity.Account;
import dev.gantry.engine.identity.AccountStore;
import dev.gantry.engine.repository.Repository;
import dev.gantry.engine.repository.RepositoryStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * The levels a repository's secrets and variables come from: its organization's (those whose
 * visibility reaches it), its own, and a job's environment's — in that order of precedence, a
 * later level winning a clash of names, as on GitHub.
 */
public final class ScopeLevels {
    private final RepositoryStore repositories;
    private final AccountStore accounts;

    public ScopeLevels(RepositoryStore repositories, AccountStore accounts) {
        this.repositories = Objects.requireNonNull(repositories, "repositories");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
    }

    /** The organization scope above a repository: its owner's, when the owner is an organization. */
    public Optional<ActionsScope> organizationOf(Repository repository) {
        return accounts.findById(repository.ownerId()).filter(Account::isOrganization)
                .map(organization -> ActionsScope.organization(organization.id()));
    }

    /**
     * The organization's items (secrets or variables) that reach the repository by their visibility;
     * none when the owner is a user.
     *
     * @param all every item of a scope, by name
     */
    public <T extends OrganizationItem> List<T> reaching(Repository repository, Function<ActionsScope, List<T>> all,
                                                        SelectedRepositoryStore selected) {
        return organizationOf(repository)
                .map(organization -> all.apply(organization).stream()
                        .filter(item -> OrganizationVisibility.reaches(item.visibility(), repository,
                                () -> selected.list(organization, item.name())))
                        .toList())
                .orElse(List.of());
    }

    /**
     * Every item a job of the repository sees, lowest precedence first: the organization's that
     * reach it, the repository's, the environment's. None for a repository that is gone.
     */
    public <T extends OrganizationItem> List<T> forJob(long repositoryId, OptionalLong environmentId,
                                                      Function<ActionsScope, List<T>> all, SelectedRepositoryStore selected) {
        Optional<Repository> repository = repositories.findById(repositoryId);
        if (repository.isEmpty()) {
            return List.of();
        }
        List<T> items = new ArrayList<>(reaching(repository.get(), all, selected));
        items.addAll(all.apply(ActionsScope.repository(repositoryId)));
        environmentId.ifPresent(id -> items.addAll(all.apply(ActionsScope.environment(id))));
        return items;
    }
}
