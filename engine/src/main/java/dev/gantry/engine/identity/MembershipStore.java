package dev.gantry.engine.identity;

import java.util.List;
import java.util.Optional;

/** Who belongs to which organization, and as what. */
public interface MembershipStore {
    /** Adds the user to the organization, or changes their role if they already belong. */
    void put(long organizationId, long userId, OrganizationRole role);

    boolean remove(long organizationId, long userId);

    Optional<OrganizationRole> roleOf(long organizationId, long userId);

    /** Ids of the organizations the user belongs to, in ascending order. */
    List<Long> organizationsOf(long userId);
}
