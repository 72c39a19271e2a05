package dev.gantry.api.wire;

import dev.gantry.api.http.ApiUrls;
import dev.gantry.engine.access.RepositoryRole;
import dev.gantry.engine.identity.Account;
import dev.gantry.engine.repository.Repository;
import java.time.Instant;
import java.util.List;

/**
 * Turns domain objects into GitHub's wire shapes. The one place that knows GitHub's URL layout for
 * users and repositories, so every area of the API links the same way.
 */
public final class Representations {
    private final ApiUrls urls;

    public Representations(ApiUrls urls) {
        this.urls = urls;
    }

    public ApiUrls urls() {
        return urls;
    }

    public SimpleUser simpleUser(Account account) {
        // GitHub links organizations, too, under /users/ inside simple-user objects.
        String base = urls.api("/users/" + account.login());
        return new SimpleUser(account.profile().name(), account.profile().email(), account.login(), account.id(),
                NodeIds.of(account.type().gitHubName(), account.id()), urls.html("/avatars/u/" + account.id() + "?v=4"), "",
                base, urls.html("/" + account.login()), base + "/followers", base + "/following{/other_user}",
                base + "/gists{/gist_id}", base + "/starred{/owner}{/repo}", base + "/subscriptions", base + "/orgs",
                base + "/repos", base + "/events{/privacy}", base + "/received_events", account.type().gitHubName(),
                account.siteAdmin(), "public");
    }

    /** A repository as its {@code owner} sees it; {@code role} fills {@code permissions}. */
    public RepositoryView repository(Repository repository, Account owner, RepositoryRole role) {
        String fullName = owner.login() + "/" + repository.name();
        String api = urls.api("/repos/" + fullName);
        String html = urls.html("/" + fullName);
        var settings = repository.settings();
        return new RepositoryView(repository.id(), NodeIds.of("Repository", repository.id()), repository.name(), fullName,
                simpleUser(owner), repository.isPrivate(), html, repository.description(), false, api,
                api + "/{archive_format}{/ref}", api + "/assignees{/user}", api + "/git/blobs{/sha}",
                api + "/branches{/branch}", api + "/collaborators{/collaborator}", api + "/comments{/number}",
                api + "/commits{/sha}", api + "/compare/{base}...{head}", api + "/contents/{+path}",
                api + "/contributors", api + "/deployments", api + "/downloads", api + "/events", api + "/forks",
                api + "/git/commits{/sha}", api + "/git/refs{/sha}", api + "/git/tags{/sha}",
                html.replaceFirst("^https?://", "git://") + ".git", api + "/issues/comments{/number}",
                api + "/issues/events{/number}", api + "/issues{/number}", api + "/keys{/key_id}",
                api + "/labels{/name}", api + "/languages", api + "/merges", api + "/milestones{/number}",
                api + "/notifications{?since,all,participating}", api + "/pulls{/number}", api + "/releases{/id}",
                "git@" + host() + ":" + fullName + ".git", api + "/stargazers", api + "/statuses/{sha}",
                api + "/subscribers", api + "/subscription", api + "/tags", api + "/teams", api + "/git/trees{/sha}",
                html + ".git", null, api + "/hooks", html, repository.homepage(), null, 0, 0, 0, 0,
                repository.defaultBranch(), 0, settings.isTemplate(), List.of(), settings.hasIssues(),
                settings.hasProjects(), settings.hasWiki(), false, true, settings.hasDiscussions(), repository.archived(),
                false, repository.visibility().gitHubName(), pushedAt(repository), repository.createdAt(),
                repository.updatedAt(), permissions(role), settings.allowRebaseMerge(), settings.allowSquashMerge(),
                settings.allowAutoMerge(), settings.deleteBranchOnMerge(), settings.allowMergeCommit(),
                settings.allowUpdateBranch(), settings.allowForking(), settings.webCommitSignoffRequired(), 0, 0, null,
                owner.isOrganization() ? simpleUser(owner) : null, 0, 0, 0);
    }

    /** GitHub stamps {@code pushed_at} with the creation time until the first push; the schema never allows null. */
    private static Instant pushedAt(Repository repository) {
        return repository.pushedAt() != null ? repository.pushedAt() : repository.createdAt();
    }

    public OrganizationView organization(Account organization) {
        String api = urls.api("/orgs/" + organization.login());
        var profile = organization.profile();
        return new OrganizationView(organization.login(), organization.id(), NodeIds.of("Organization", organization.id()),
                api, api + "/repos", api + "/events", api + "/hooks", api + "/issues", api + "/members{/member}",
                api + "/public_members{/member}", urls.html("/avatars/u/" + organization.id() + "?v=4"),
                profile.description(), profile.name(), profile.company(), profile.blog(), profile.location(),
                profile.email(), profile.twitterUsername(), false, true, true, 0, 0, 0, 0,
                urls.html("/" + organization.login()), organization.type().gitHubName(), profile.billingEmail(),
                organization.defaultRepositoryPermission(), true, organization.createdAt(), organization.updatedAt(), null);
    }

    /** A user as they see themselves; {@code ownedPrivateRepositories} fills GitHub's private-repo counters. */
    public UserView user(Account user, int publicRepositories, int ownedPrivateRepositories) {
        SimpleUser simple = simpleUser(user);
        var profile = user.profile();
        return new UserView(user.login(), user.id(), "private", simple.nodeId(), simple.avatarUrl(), "", simple.url(),
                simple.htmlUrl(), simple.followersUrl(), simple.followingUrl(), simple.gistsUrl(), simple.starredUrl(),
                simple.subscriptionsUrl(), simple.organizationsUrl(), simple.reposUrl(), simple.eventsUrl(),
                simple.receivedEventsUrl(), user.type().gitHubName(), user.siteAdmin(), profile.name(), profile.company(),
                profile.blog(), profile.location(), profile.email(), null, profile.bio(), profile.twitterUsername(),
                publicRepositories, 0, 0, 0, user.createdAt(), user.updatedAt(), 0, ownedPrivateRepositories,
                ownedPrivateRepositories, 0, 0, false);
    }

    private static RepositoryView.Permissions permissions(RepositoryRole role) {
        return new RepositoryView.Permissions(role.atLeast(RepositoryRole.ADMIN), role.atLeast(RepositoryRole.MAINTAIN),
                role.atLeast(RepositoryRole.WRITE), role.atLeast(RepositoryRole.TRIAGE), role.atLeast(RepositoryRole.READ));
    }

    private String host() {
        return java.net.URI.create(urls.publicUrl()).getHost();
    }
}
