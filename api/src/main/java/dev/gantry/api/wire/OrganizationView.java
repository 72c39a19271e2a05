package dev.gantry.api.wire;

import java.time.Instant;

/**
 * An organization as GitHub's {@code organization-full} shows it. Counters Gantry does not keep
 * (followers, gists) are zero; {@code organization-simple} is a subset of this shape.
 */
public record OrganizationView(
        String login,
        long id,
        String nodeId,
        String url,
        String reposUrl,
        String eventsUrl,
        String hooksUrl,
        String issuesUrl,
        String membersUrl,
        String publicMembersUrl,
        String avatarUrl,
        String description,
        String name,
        String company,
        String blog,
        String location,
        String email,
        String twitterUsername,
        boolean isVerified,
        boolean hasOrganizationProjects,
        boolean hasRepositoryProjects,
        int publicRepos,
        int publicGists,
        int followers,
        int following,
        String htmlUrl,
        String type,
        String billingEmail,
        String defaultRepositoryPermission,
        boolean membersCanCreateRepositories,
        Instant createdAt,
        Instant updatedAt,
        Instant archivedAt) {}
