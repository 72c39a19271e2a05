package dev.gantry.api.permissions;

import dev.gantry.api.http.ApiRequest;
import dev.gantry.api.http.Reply;
import dev.gantry.api.http.Route;
import dev.gantry.api.wire.Representations;
import dev.gantry.engine.FieldError;
import dev.gantry.engine.GantryException;
import dev.gantry.engine.access.RepositoryRole;
import dev.gantry.engine.identity.Account;
import dev.gantry.engine.identity.AccountStore;
import dev.gantry.engine.permissions.ActionsPermissions;
import dev.gantry.engine.permissions.ActionsPolicy;
import dev.gantry.engine.permissions.ForkPullRequestWorkflows;
import dev.gantry.engine.permissions.SelectedActions;
import dev.gantry.engine.permissions.SettingsScope;
import dev.gantry.engine.repository.Repository;
import dev.gantry.engine.repository.RepositoryStore;
import dev.gantry.engine.store.Page;
import dev.gantry.engine.store.PageRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * GitHub's Actions permissions operations of the enterprise, organizations and repositories:
 * whether Actions runs, which actions it may use, the default {@code GITHUB_TOKEN} permissions,
 * artifact and log retention, fork pull request settings, self-hosted runner settings and a
 * private repository's access level. The rules (defaults, what a level above forbids) are
 * {@link ActionsPermissions}'; this class is the wire.
 */
public final class ActionsPermissionResource {
    private static final String ENTERPRISE = "/enterprises/{enterprise}/actions/permissions";
    private static final String ORGANIZATION = "/orgs/{org}/actions/permissions";
    private static final String REPOSITORY = "/repos/{owner}/{repo}/actions/permissions";

    private final ActionsPermissions permissions;
    private final RepositoryStore repositories;
    private final AccountStore accounts;
    private final Representations representations;

    public ActionsPermissionResource(ActionsPermissions permissions, RepositoryStore repositories, AccountStore accounts,
            Representations representations) {
        this.permissions = permissions;
        this.repositories = repositories;
        this.accounts = accounts;
        this.representations = representations;
    }

    public List<Route> routes() {
        List<Route> routes = new ArrayList<>();
        String e = "enterprise-admin/";
        routes.add(Route.get(ENTERPRISE, e + "get-github-actions-permissions-enterprise", this::policy));
        routes.add(Route.put(ENTERPRISE, e + "set-github-actions-permissions-enterprise", this::setPolicy));
        routes.add(Route.get(ENTERPRISE + "/organizations", e + "list-selected-organizations-enabled-github-actions-enterprise",
                this::enabledOrganizations));
        routes.add(Route.put(ENTERPRISE + "/organizations", e + "set-selected-organizations-enabled-github-actions-enterprise",
                this::setEnabledOrganizations));
        routes.add(Route.put(ENTERPRISE + "/organizations/{org_id}", e + "enable-selected-organization-github-actions-enterprise",
                request -> changeEnabledOrganization(request, true)));
        routes.add(Route.delete(ENTERPRISE + "/organizations/{org_id}", e + "disable-selected-organization-github-actions-enterprise",
                request -> changeEnabledOrganization(request, false)));
        routes.add(Route.get(ENTERPRISE + "/selected-actions", e + "get-allowed-actions-enterprise", this::selectedActions));
        routes.add(Route.put(ENTERPRISE + "/selected-actions", e + "set-allowed-actions-enterprise", this::setSelectedActions));
        routes.add(Route.get(ENTERPRISE + "/artifact-and-log-retention", e + "get-artifact-and-log-retention-settings", this::retention));
        routes.add(Route.put(ENTERPRISE + "/artifact-and-log-retention", e + "set-artifact-and-log-retention-settings",
                this::setRetention));
        routes.add(Route.get(ENTERPRISE + "/fork-pr-contributor-approval", e + "get-fork-pr-contributor-approval-permissions",
                this::approvalPolicy));
        routes.add(Route.put(ENTERPRISE + "/fork-pr-contributor-approval", e + "set-fork-pr-contributor-approval-permissions",
                this::setApprovalPolicy));
        routes.add(Route.get(ENTERPRISE + "/fork-pr-workflows-private-repos", e + "get-private-repo-fork-pr-workflows-settings",
                this::forkPullRequestWorkflows));
        routes.add(Route.put(ENTERPRISE + "/fork-pr-workflows-private-repos", e + "set-private-repo-fork-pr-workflows-settings",
                this::setForkPullRequestWorkflows));
        routes.add(Route.get(ENTERPRISE + "/self-hosted-runners", e + "get-self-hosted-runners-permissions",
                request -> Reply.ok(Map.of("disable_self_hosted_runners_for_all_orgs",
                        permissions.enterpriseDisablesRepositoryRunners()))));
        routes.add(Route.put(ENTERPRISE + "/self-hosted-runners", e + "set-self-hosted-runners-permissions", request -> {
            permissions.setEnterpriseDisablesRepositoryRunners(request.body().bool("disable_self_hosted_runners_for_all_orgs")
                    .orElseThrow());
            return Reply.noContent();
        }));

        String o = "actions/";
        routes.add(Route.get(ORGANIZATION, o + "get-github-actions-permissions-organization", this::policy));
        routes.add(Route.put(ORGANIZATION, o + "set-github-actions-permissions-organization", this::setPolicy));
        routes.add(Route.get(ORGANIZATION + "/repositories", o + "list-selected-repositories-enabled-github-actions-organization",
                request -> selectedRepositories(request, ActionsPermissions.ENABLED)));
        routes.add(Route.put(ORGANIZATION + "/repositories", o + "set-selected-repositories-enabled-github-actions-organization",
                request -> setSelectedRepositories(request, ActionsPermissions.ENABLED)));
        routes.add(Route.put(ORGANIZATION + "/repositories/{repository_id}", o + "enable-selected-repository-github-actions-organization",
                request -> changeSelectedRepository(request, ActionsPermissions.ENABLED, true)));
        routes.add(Route.delete(ORGANIZATION + "/repositories/{repository_id}",
                o + "disable-selected-repository-github-actions-organization",
                request -> changeSelectedRepository(request, ActionsPermissions.ENABLED, false)));
        routes.add(Route.get(ORGANIZATION + "/selected-actions", o + "get-allowed-actions-organization", this::selectedActions));
        routes.add(Route.put(ORGANIZATION + "/selected-actions", o + "set-allowed-actions-organization", this::setSelectedActions));
        routes.add(Route.get(ORGANIZATION + "/workflow", o + "get-github-actions-default-workflow-permissions-organization",
                this::workflowPermissions));
        routes.add(Route.put(ORGANIZATION + "/workflow", o + "set-github-actions-default-workflow-permissions-organization",
                this::setWorkflowPermissions));
        routes.add(Route.get(ORGANIZATION + "/artifact-and-log-retention", o + "get-artifact-and-log-retention-settings-organization",
                this::retention));
        routes.add(Route.put(ORGANIZATION + "/artifact-and-log-retention", o + "set-artifact-and-log-retention-settings-organization",
                this::setRetention));
        routes.add(Route.get(ORGANIZATION + "/fork-pr-contributor-approval",
                o + "get-fork-pr-contributor-approval-permissions-organization", this::approvalPolicy));
        routes.add(Route.put(ORGANIZATION + "/fork-pr-contributor-approval",
                o + "set-fork-pr-contributor-approval-permissions-organization", this::setApprovalPolicy));
        routes.add(Route.get(ORGANIZATION + "/fork-pr-workflows-private-repos",
                o + "get-private-repo-fork-pr-workflows-settings-organization", this::forkPullRequestWorkflows));
        routes.add(Route.put(ORGANIZATION + "/fork-pr-workflows-private-repos",
                o + "set-private-repo-fork-pr-workflows-settings-organization", this::setForkPullRequestWorkflows));
        routes.add(Route.get(ORGANIZATION + "/self-hosted-runners", o + "get-self-hosted-runners-permissions-organization",
                this::selfHostedRunners));
        routes.add(Route.put(ORGANIZATION + "/self-hosted-runners", o + "set-self-hosted-runners-permissions-organization",
                this::setSelfHostedRunners));
        routes.add(Route.get(ORGANIZATION + "/self-hosted-runners/repositories",
                o + "list-selected-repositories-self-hosted-runners-organization",
                request -> selectedRepositories(request, ActionsPermissions.SELF_HOSTED_RUNNERS)));
        routes.add(Route.put(ORGANIZATION + "/self-hosted-runners/repositories",
                o + "set-selected-repositories-self-hosted-runners-organization",
                request -> setSelectedRepositories(request, ActionsPermissions.SELF_HOSTED_RUNNERS)));
        routes.add(Route.put(ORGANIZATION + "/self-hosted-runners/repositories/{repository_id}",
                o + "enable-selected-repository-self-hosted-runners-organization",
                request -> changeSelectedRepository(request, ActionsPermissions.SELF_HOSTED_RUNNERS, true)));
        routes.add(Route.delete(ORGANIZATION + "/self-hosted-runners/repositories/{repository_id}",
                o + "disable-selected-repository-self-hosted-runners-organization",
                request -> changeSelectedRepository(request, ActionsPermissions.SELF_HOSTED_RUNNERS, false)));

        routes.add(Route.get(REPOSITORY, o + "get-github-actions-permissions-repository", this::policy));
        routes.add(Route.put(REPOSITORY, o + "set-github-actions-permissions-repository", this::setPolicy));
        routes.add(Route.get(REPOSITORY + "/selected-actions", o + "get-allowed-actions-repository", this::selectedActions));
        routes.add(Route.put(REPOSITORY + "/selected-actions", o + "set-allowed-actions-repository", this::setSelectedActions));
        routes.add(Route.get(REPOSITORY + "/workflow", o + "get-github-actions-default-workflow-permissions-repository",
                this::workflowPermissions));
        routes.add(Route.put(REPOSITORY + "/workflow", o + "set-github-actions-default-workflow-permissions-repository",
                this::setWorkflowPermissions));
        routes.add(Route.get(REPOSITORY + "/artifact-and-log-retention", o + "get-artifact-and-log-retention-settings-repository",
                this::retention));
        routes.add(Route.put(REPOSITORY + "/artifact-and-log-retention", o + "set-artifact-and-log-retention-settings-repository",
                this::setRetention));
        routes.add(Route.get(REPOSITORY + "/fork-pr-contributor-approval", o + "get-fork-pr-contributor-approval-permissions-repository",
                this::approvalPolicy));
        routes.add(Route.put(REPOSITORY + "/fork-pr-contributor-approval", o + "set-fork-pr-contributor-approval-permissions-repository",
                this::setApprovalPolicy));
        routes.add(Route.get(REPOSITORY + "/fork-pr-workflows-private-repos",
                o + "get-private-repo-fork-pr-workflows-settings-repository", this::forkPullRequestWorkflows));
        routes.add(Route.put(REPOSITORY + "/fork-pr-workflows-private-repos",
                o + "set-private-repo-fork-pr-workflows-settings-repository", this::setForkPullRequestWorkflows));
        routes.add(Route.get(REPOSITORY + "/access", o + "get-workflow-access-to-repository",
                request -> Reply.ok(Map.of("access_level", permissions.accessLevel(request.repository().id())))));
        routes.add(Route.put(REPOSITORY + "/access", o + "set-workflow-access-to-repository", request -> {
            permissions.setAccessLevel(request.repository().id(), request.body().string("access_level").orElseThrow());
            return Reply.noContent();
        }));
        return List.copyOf(routes);
    }

    /** The level a request's path names. */
    private static SettingsScope scope(ApiRequest request) {
        return request.operationId().startsWith("enterprise-admin/") ? SettingsScope.enterprise()
                : request.operationId().endsWith("-repository") ? SettingsScope.repository(request.repository().id())
                        : SettingsScope.organization(request.organization().id());
    }

    /** The path of a level's permissions, for the {@code selected_*_url} fields. */
    private static String base(ApiRequest request, SettingsScope scope) {
        return switch (scope.kind()) {
            case ENTERPRISE -> "/enterprises/" + request.parameter("enterprise") + "/actions/permissions";
            case ORGANIZATION -> "/orgs/" + request.organization().login() + "/actions/permissions";
            case REPOSITORY -> "/repos/" + request.owner().login() + "/" + request.repository().name() + "/actions/permissions";
        };
    }

    // ---- policy

    private Reply policy(ApiRequest request) {
        SettingsScope scope = scope(request);
        ActionsPolicy policy = permissions.policy(scope);
        String base = request.urls().api(base(request, scope));
        Map<String, Object> body = new LinkedHashMap<>();
        switch (scope.kind()) {
            case REPOSITORY -> body.put("enabled", policy.enabled().equals("all"));
            case ORGANIZATION -> putEnabled(body, "repositories", policy.enabled(), base + "/repositories");
            case ENTERPRISE -> putEnabled(body, "organizations", policy.enabled(), base + "/organizations");
        }
        body.put("allowed_actions", policy.allowedActions());
        if (policy.allowedActions().equals("selected")) {
            body.put("selected_actions_url", base + "/selected-actions");
        }
        body.put("sha_pinning_required", policy.shaPinningRequired());
        return Reply.ok(body);
    }

    private static void putEnabled(Map<String, Object> body, String members, String enabled, String selectedUrl) {
        body.put("enabled_" + members, enabled);
        if (enabled.equals("selected")) {
            body.put("selected_" + members + "_url", selectedUrl);
        }
    }

    /** Fields left out keep their value, except the required {@code enabled…}. */
    private Reply setPolicy(ApiRequest request) {
        SettingsScope scope = scope(request);
        ActionsPolicy current = permissions.ownPolicy(scope);
        String enabled = switch (scope.kind()) {
            case REPOSITORY -> request.body().bool("enabled").orElseThrow() ? "all" : "none";
            case ORGANIZATION -> request.body().string("enabled_repositories").orElseThrow();
            case ENTERPRISE -> request.body().string("enabled_organizations").orElseThrow();
        };
        permissions.setPolicy(scope, new ActionsPolicy(enabled, request.body().string("allowed_actions").orElse(current.allowedActions()),
                request.body().bool("sha_pinning_required").orElse(current.shaPinningRequired())));
        return Reply.noContent();
    }

    private Reply selectedActions(ApiRequest request) {
        return Reply.ok(permissions.selectedActions(scope(request)));
    }

    private Reply setSelectedActions(ApiRequest request) {
        SettingsScope scope = scope(request);
        SelectedActions current = permissions.selectedActions(scope);
        permissions.setSelectedActions(scope, new SelectedActions(
                request.body().bool("github_owned_allowed").orElse(current.githubOwnedAllowed()),
                request.body().bool("verified_allowed").orElse(current.verifiedAllowed()),
                request.body().has("patterns_allowed") ? request.body().strings("patterns_allowed") : current.patternsAllowed()));
        return Reply.noContent();
    }

    // ---- selections

    private Reply enabledOrganizations(ApiRequest request) {
        PageRequest page = request.pageRequest();
        Page<Account> found = page(permissions.selection(SettingsScope.enterprise(), ActionsPermissions.ENABLED), page,
                accounts::findById);
        return request.paged(found, page, p -> Map.of("total_count", p.totalCount(),
                "organizations", p.items().stream().map(representations::organization).toList()));
    }

    private Reply setEnabledOrganizations(ApiRequest request) {
        List<Long> ids = new ArrayList<>();
        request.body().node().path("selected_organization_ids").forEach(id -> ids.add(organization(id.asLong())
                .orElseThrow(() -> GantryException.invalid("Validation Failed", FieldError.custom("Organization",
                        "selected_organization_ids", "Organization " + id.asLong() + " does not exist"))).id()));
        permissions.setSelection(SettingsScope.enterprise(), ActionsPermissions.ENABLED, ids);
        return Reply.noContent();
    }

    private Reply changeEnabledOrganization(ApiRequest request, boolean add) {
        long id = organization(numericParameter(request, "org_id")).orElseThrow(GantryException::notFound).id();
        if (add) {
            permissions.addToSelection(SettingsScope.enterprise(), ActionsPermissions.ENABLED, id);
        } else {
            permissions.removeFromSelection(SettingsScope.enterprise(), ActionsPermissions.ENABLED, id);
        }
        return Reply.noContent();
    }

    private Optional<Account> organization(long id) {
        return accounts.findById(id).filter(Account::isOrganization);
    }

    private Reply selectedRepositories(ApiRequest request, String list) {
        PageRequest page = request.pageRequest();
        Page<Repository> found = page(permissions.selection(scope(request), list), page, repositories::findById);
        return request.paged(found, page, p -> Map.of("total_count", p.totalCount(), "repositories", p.items().stream()
                .map(repository -> representations.repository(repository, request.organization(), RepositoryRole.ADMIN)).toList()));
    }

    /** Only the organization's own repositories can be selected; any other id is a 422. */
    private Reply setSelectedRepositories(ApiRequest request, String list) {
        List<Long> ids = new ArrayList<>();
        request.body().node().path("selected_repository_ids").forEach(id -> ids.add(organizationRepository(request, id.asLong())
                .orElseThrow(() -> GantryException.invalid("Validation Failed", FieldError.custom("Repository",
                        "selected_repository_ids", "Repository " + id.asLong() + " is not in the organization")))));
        permissions.setSelection(scope(request), list, ids);
        return Reply.noContent();
    }

    /** GitHub's answer for adding one already there or removing one not there is 204 as well. */
    private Reply changeSelectedRepository(ApiRequest request, String list, boolean add) {
        long id = organizationRepository(request, numericParameter(request, "repository_id")).orElseThrow(GantryException::notFound);
        if (add) {
            permissions.addToSelection(scope(request), list, id);
        } else {
            permissions.removeFromSelection(scope(request), list, id);
        }
        return Reply.noContent();
    }

    private Optional<Long> organizationRepository(ApiRequest request, long id) {
        return repositories.findById(id).filter(repository -> repository.ownerId() == request.organization().id()).map(Repository::id);
    }

    /** A page of the selected ids, each looked up (one deleted meanwhile is left out). */
    private static <T> Page<T> page(List<Long> ids, PageRequest page, Function<Long, Optional<T>> lookup) {
        int from = (int) Math.min(page.offset(), ids.size());
        int to = Math.min(from + page.perPage(), ids.size());
        return new Page<>(ids.subList(from, to).stream().flatMap(id -> lookup.apply(id).stream()).toList(), ids.size());
    }

    private static long numericParameter(ApiRequest request, String name) {
        try {
            return Long.parseLong(request.parameter(name));
        } catch (NumberFormatException e) {
            throw GantryException.notFound();
        }
    }

    // ---- the other settings

    private Reply workflowPermissions(ApiRequest request) {
        return Reply.ok(permissions.workflowPermissions(scope(request)));
    }

    /** GitHub documents this 409 (the organization's setting is stricter) without a body. */
    private Reply setWorkflowPermissions(ApiRequest request) {
        try {
            permissions.setWorkflowPermissions(scope(request), request.body().string("default_workflow_permissions"),
                    request.body().bool("can_approve_pull_request_reviews"));
        } catch (GantryException e) {
            if (e.category() == dev.gantry.engine.ErrorCategory.CONFLICT) {
                return Reply.status(409, null);
            }
            throw e;
        }
        return Reply.noContent();
    }

    private Reply retention(ApiRequest request) {
        return Reply.ok(permissions.retention(scope(request)));
    }

    private Reply setRetention(ApiRequest request) {
        permissions.setRetention(scope(request), request.body().number("days").orElseThrow());
        return Reply.noContent();
    }

    private Reply approvalPolicy(ApiRequest request) {
        return Reply.ok(Map.of("approval_policy", permissions.approvalPolicy(scope(request))));
    }

    private Reply setApprovalPolicy(ApiRequest request) {
        permissions.setApprovalPolicy(scope(request), request.body().string("approval_policy").orElseThrow());
        return Reply.noContent();
    }

    private Reply forkPullRequestWorkflows(ApiRequest request) {
        return Reply.ok(permissions.forkPullRequestWorkflows(scope(request)));
    }

    /** Only {@code run_workflows_from_fork_pull_requests} is required; the others keep their value. */
    private Reply setForkPullRequestWorkflows(ApiRequest request) {
        SettingsScope scope = scope(request);
        ForkPullRequestWorkflows current = permissions.forkPullRequestWorkflows(scope);
        permissions.setForkPullRequestWorkflows(scope, new ForkPullRequestWorkflows(
                request.body().bool("run_workflows_from_fork_pull_requests").orElseThrow(),
                request.body().bool("send_write_tokens_to_workflows").orElse(current.sendWriteTokensToWorkflows()),
                request.body().bool("send_secrets_and_variables").orElse(current.sendSecretsAndVariables()),
                request.body().bool("require_approval_for_fork_pr_workflows").orElse(current.requireApprovalForForkPrWorkflows())));
        return Reply.noContent();
    }

    private Reply selfHostedRunners(ApiRequest request) {
        SettingsScope scope = scope(request);
        String enabled = permissions.selfHostedRunners(scope);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("enabled_repositories", enabled);
        if (enabled.equals("selected")) {
            body.put("selected_repositories_url", request.urls().api(base(request, scope) + "/self-hosted-runners/repositories"));
        }
        return Reply.ok(body);
    }

    private Reply setSelfHostedRunners(ApiRequest request) {
        permissions.setSelfHostedRunners(scope(request), request.body().string("enabled_repositories").orElseThrow());
        return Reply.noContent();
    }
}
