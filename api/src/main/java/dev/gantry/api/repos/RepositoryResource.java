package dev.gantry.api.repos;

import dev.gantry.api.http.ApiRequest;
import dev.gantry.api.http.JsonBody;
import dev.gantry.api.http.Reply;
import dev.gantry.api.http.Route;
import dev.gantry.api.wire.Representations;
import dev.gantry.engine.FieldError;
import dev.gantry.engine.GantryException;
import dev.gantry.engine.access.AccessPolicy;
import dev.gantry.engine.access.Caller;
import dev.gantry.engine.access.RepositoryRole;
import dev.gantry.engine.identity.Account;
import dev.gantry.engine.identity.AccountStore;
import dev.gantry.engine.identity.MembershipStore;
import dev.gantry.engine.repository.NewRepositoryRequest;
import dev.gantry.engine.repository.Repositories;
import dev.gantry.engine.repository.Repository;
import dev.gantry.engine.repository.RepositoryChanges;
import dev.gantry.engine.repository.RepositorySettings;
import dev.gantry.engine.repository.RepositoryStore;
import dev.gantry.engine.repository.Visibility;
import dev.gantry.engine.store.Page;
import dev.gantry.engine.store.PageRequest;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** GitHub's repository operations that Gantry serves: create, get, update, delete, list. */
public final class RepositoryResource {
    private final Repositories repositories;
    private final RepositoryStore repositoryStore;
    private final AccountStore accounts;
    private final MembershipStore memberships;
    private final AccessPolicy policy;
    private final Representations representations;

    public RepositoryResource(Repositories repositories, RepositoryStore repositoryStore, AccountStore accounts,
                              MembershipStore memberships, AccessPolicy policy, Representations representations) {
        this.repositories = repositories;
        this.repositoryStore = repositoryStore;
        this.accounts = accounts;
        this.memberships = memberships;
        this.policy = policy;
        this.representations = representations;
    }

    public List<Route> routes() {
        return List.of(
                Route.post("/user/repos", "repos/create-for-authenticated-user", this::createForUser),
                Route.post("/orgs/{org}/repos", "repos/create-in-org", this::createInOrganization),
                Route.get("/repos/{owner}/{repo}", "repos/get", this::get),
                Route.patch("/repos/{owner}/{repo}", "repos/update", this::update),
                Route.delete("/repos/{owner}/{repo}", "repos/delete", this::delete),
                Route.get("/orgs/{org}/repos", "repos/list-for-org", this::listForOrganization),
                Route.get("/user/repos", "repos/list-for-authenticated-user", this::listForUser));
    }

    private Reply createForUser(ApiRequest request) {
        Account user = request.caller().user().orElseThrow();
        Visibility visibility = request.body().bool("private").orElse(false) ? Visibility.PRIVATE : Visibility.PUBLIC;
        requirePrivateScope(request.caller(), visibility);
        Repository created = repositories.create(user, newRepository(request.body(), visibility), user);
        return Reply.created(representations.repository(created, user, RepositoryRole.ADMIN));
    }

    private Reply createInOrganization(ApiRequest request) {
        Account organization = request.organization();
        Account creator = request.caller().user().orElseThrow();
        JsonBody body = request.body();
        Visibility visibility = body.string("visibility").flatMap(Visibility::fromGitHubName)
                .orElse(body.bool("private").orElse(false) ? Visibility.PRIVATE : Visibility.PUBLIC);
        requirePrivateScope(request.caller(), visibility);
        Repository created = repositories.create(organization, newRepository(body, visibility), creator);
        return Reply.created(representations.repository(created, organization, RepositoryRole.ADMIN));
    }

    private Reply get(ApiRequest request) {
        return Reply.ok(representations.repository(request.repository(), request.owner(), request.access().repositoryRole()));
    }

    private Reply update(ApiRequest request) {
        Repository repository = request.repository();
        JsonBody body = request.body();
        Optional<Visibility> visibility = body.string("visibility").flatMap(Visibility::fromGitHubName)
                .or(() -> body.bool("private").map(isPrivate -> isPrivate ? Visibility.PRIVATE : Visibility.PUBLIC));
        if (visibility.filter(v -> v == Visibility.INTERNAL).isPresent() && !request.owner().isOrganization()) {
            throw GantryException.invalid("Validation Failed", FieldError.custom("Repository", "visibility",
                    "Only organization-owned repositories can be internal."));
        }
        RepositoryChanges changes = new RepositoryChanges(body.string("name"), textChange(body, "description", repository.description()),
                textChange(body, "homepage", repository.homepage()), visibility, body.string("default_branch"),
                body.bool("archived"), Optional.of(settings(body, repository.settings())));
        Repository updated = repositories.update(repository, changes);
        return Reply.ok(representations.repository(updated, request.owner(), request.access().repositoryRole()));
    }

    private Reply delete(ApiRequest request) {
        repositories.delete(request.repository());
        return Reply.noContent();
    }

    private Reply listForOrganization(ApiRequest request) {
        Account organization = request.organization();
        Caller caller = request.caller();
        Set<Visibility> visible = request.access().organizationRole().isPresent()
                ? EnumSet.allOf(Visibility.class)
                : AccessPolicy.visibleWithoutRole(caller);
        visible.retainAll(typeFilter(request.query("type").orElse("all")));
        PageRequest page = request.pageRequest();
        Page<Repository> repositoriesPage = repositoryStore.listByOwner(organization.id(), visible, page);
        return request.paged(repositoriesPage, page, p -> p.items().stream()
                .map(repository -> representations.repository(repository, organization,
                        policy.roleOn(caller, repository, organization)))
                .toList());
    }

    private Reply listForUser(ApiRequest request) {
        Caller caller = request.caller();
        Account user = caller.user().orElseThrow();
        List<Long> owners = new ArrayList<>();
        owners.add(user.id());
        owners.addAll(memberships.organizationsOf(user.id()));
        Set<Visibility> visibilities = typeFilter(request.query("visibility").orElse("all"));
        PageRequest page = request.pageRequest();
        Page<Repository> found = repositoryStore.listOwnedByAnyOf(owners, visibilities, page);
        return request.paged(found, page, p -> p.items().stream()
                .map(repository -> {
                    Account owner = accounts.findById(repository.ownerId()).orElseThrow();
                    return representations.repository(repository, owner, policy.roleOn(caller, repository, owner));
                })
                .toList());
    }

    private static NewRepositoryRequest newRepository(JsonBody body, Visibility visibility) {
        return new NewRepositoryRequest(body.string("name").orElse(null), body.string("description").orElse(null),
                body.string("homepage").orElse(null), visibility, body.bool("auto_init").orElse(false),
                settings(body, RepositorySettings.defaults()));
    }

    private static RepositorySettings settings(JsonBody body, RepositorySettings current) {
        return new RepositorySettings(
                body.bool("has_issues").orElse(current.hasIssues()),
                body.bool("has_projects").orElse(current.hasProjects()),
                body.bool("has_wiki").orElse(current.hasWiki()),
                body.bool("has_discussions").orElse(current.hasDiscussions()),
                body.bool("is_template").orElse(current.isTemplate()),
                body.bool("allow_squash_merge").orElse(current.allowSquashMerge()),
                body.bool("allow_merge_commit").orElse(current.allowMergeCommit()),
                body.bool("allow_rebase_merge").orElse(current.allowRebaseMerge()),
                body.bool("allow_auto_merge").orElse(current.allowAutoMerge()),
                body.bool("delete_branch_on_merge").orElse(current.deleteBranchOnMerge()),
                body.bool("allow_update_branch").orElse(current.allowUpdateBranch()),
                body.bool("allow_forking").orElse(current.allowForking()),
                body.bool("web_commit_signoff_required").orElse(current.webCommitSignoffRequired()));
    }

    /** PATCH semantics: absent keeps the value, {@code null} clears it. */
    private static Optional<String> textChange(JsonBody body, String field, String current) {
        if (!body.has(field)) {
            return Optional.empty();
        }
        return Optional.of(body.string(field).orElse(""));
    }

    /** A token with only {@code public_repo} may not create private repositories (GitHub answers 403). */
    private static void requirePrivateScope(Caller caller, Visibility visibility) {
        if (visibility != Visibility.PUBLIC && !caller.hasScope("repo")) {
            throw new GantryException(dev.gantry.engine.ErrorCategory.FORBIDDEN,
                    "Resource not accessible by personal access token. Creating a private repository needs the repo scope.");
        }
    }

    private static Set<Visibility> typeFilter(String type) {
        return switch (type) {
            case "public" -> EnumSet.of(Visibility.PUBLIC);
            case "private" -> EnumSet.of(Visibility.PRIVATE, Visibility.INTERNAL);
            default -> EnumSet.allOf(Visibility.class);
        };
    }
}
