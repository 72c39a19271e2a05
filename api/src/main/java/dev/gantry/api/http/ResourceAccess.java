package dev.gantry.api.http;

import dev.gantry.engine.access.RepositoryRole;
import dev.gantry.engine.identity.Account;
import dev.gantry.engine.identity.OrganizationRole;
import dev.gantry.engine.repository.Repository;
import java.util.Optional;

/**
 * The resources a request's path names, resolved, and the caller's role on them. Built by
 * {@link Authorizer} before an endpoint runs, so an endpoint never sees a resource its caller may
 * not use.
 *
 * @param owner the {@code {owner}} of a repository path
 * @param organization the {@code {org}} of an organization path
 */
public record ResourceAccess(
        Optional<Account> owner,
        Optional<Repository> repository,
        Optional<Account> organization,
        RepositoryRole repositoryRole,
        Optional<OrganizationRole> organizationRole) {

    public static ResourceAccess none() {
        return new ResourceAccess(Optional.empty(), Optional.empty(), Optional.empty(), RepositoryRole.NONE, Optional.empty());
    }
}
