package dev.gantry.engine.access;

import dev.gantry.engine.identity.Account;
import dev.gantry.engine.identity.MembershipStore;
import dev.gantry.engine.identity.OrganizationRole;
import dev.gantry.engine.repository.Repository;
import dev.gantry.engine.repository.Visibility;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Decides what a caller's role is on a repository or an organization. This is the one place the
 * rules live; token scopes are checked separately, at the HTTP edge, against each operation.
 */
public final class AccessPolicy {
    private final MembershipStore memberships;

    public AccessPolicy(MembershipStore memberships) {
        this.memberships = memberships;
    }

    /**
     * The caller's role on a repository owned by {@code owner}. Site admins administer everything,
     * as on GitHub Enterprise Server; every signed-in user is an enterprise member and so reads
     * internal repositories.
     */
    public RepositoryRole roleOn(Caller caller, Repository repository, Account owner) {
        RepositoryRole floor = switch (repository.visibility()) {
            case PUBLIC -> RepositoryRole.READ;
            case INTERNAL -> caller.isAnonymous() ? RepositoryRole.NONE : RepositoryRole.READ;
            case PRIVATE -> RepositoryRole.NONE;
        };
        if (caller.isAnonymous()) {
            return floor;
        }
        if (caller.isSiteAdmin() || caller.userId() == owner.id()) {
            return RepositoryRole.ADMIN;
        }
        if (owner.isOrganization()) {
            Optional<OrganizationRole> role = memberships.roleOf(owner.id(), caller.userId());
            if (role.isPresent()) {
                RepositoryRole memberRole = role.get() == OrganizationRole.ADMIN
                        ? RepositoryRole.ADMIN
                        : RepositoryRole.fromDefaultPermission(owner.defaultRepositoryPermission());
                return max(memberRole, floor);
            }
        }
        return floor;
    }

    /** The caller's role in an organization; empty when they are not a member. Site admins count as owners. */
    public Optional<OrganizationRole> roleIn(Caller caller, Account organization) {
        if (caller.isAnonymous()) {
            return Optional.empty();
        }
        if (caller.isSiteAdmin()) {
            return Optional.of(OrganizationRole.ADMIN);
        }
        return memberships.roleOf(organization.id(), caller.userId());
    }

    /** Which visibilities of someone else's repositories a caller can list without a role on them. */
    public static Set<Visibility> visibleWithoutRole(Caller caller) {
        return caller.isAnonymous()
                ? EnumSet.of(Visibility.PUBLIC)
                : EnumSet.of(Visibility.PUBLIC, Visibility.INTERNAL);
    }

    private static RepositoryRole max(RepositoryRole a, RepositoryRole b) {
        return a.atLeast(b) ? a : b;
    }
}
