package dev.gantry.api.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * An organization as GitHub's {@code organization-full} shows it. Counters Gantry does not keep
 * (followers, gists) are zero; {@code organization-simple} is a subset of this shape. The profile
 * fields the schema types as non-nullable strings are left out while unset, as GitHub leaves them.
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
        @JsonInclude(JsonInclude.Include.NON_NULL) String name,
        @JsonInclude(JsonInclude.Include.NON_NULL) String company,
        @JsonInclude(JsonInclude.Include.NON_NULL) String blog,
        @JsonInclude(JsonInclude.Include.NON_NULL) String location,
        @JsonInclude(JsonInclude.Include.NON_NULL) String email,
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
