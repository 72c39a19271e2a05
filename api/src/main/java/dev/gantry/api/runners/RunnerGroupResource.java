package dev.gantry.api.runners;

import dev.gantry.api.http.ApiRequest;
import dev.gantry.api.http.Reply;
import dev.gantry.api.http.Route;
import dev.gantry.api.wire.Representations;
import dev.gantry.engine.access.RepositoryRole;
import dev.gantry.engine.identity.Account;
import dev.gantry.engine.identity.AccountStore;
import dev.gantry.engine.runners.RunnerGroup;
import dev.gantry.engine.runners.RunnerGroups;
import dev.gantry.engine.runners.SelectedWorkflow;
import dev.gantry.engine.scope.ActionsScope;
import dev.gantry.engine.store.Page;
import dev.gantry.engine.store.PageRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runner groups of an organization ({@code /orgs/{org}/actions/runner-groups…}: the 14 operations
 * GitHub documents; GitHub-hosted runners in a group are not provisioned here, so that list is
 * empty) and of the enterprise ({@code /enterprises/{enterprise}/actions/runner-groups…}: the 13
 * {@code enterprise-admin} ones, whose access lists organizations instead of repositories). One
 * handler serves both levels; the operation id says which ({@link #owner}).
 */
public final class RunnerGroupResource {
    private static final String ORGANIZATION = "/orgs/{org}/actions/runner-groups";
    private static final String ENTERPRISE = "/enterprises/{enterprise}/actions/runner-groups";

    private final RunnerGroups groups;
    private final RunnerResource runnerViews;
    private final Representations representations;
    private final AccountStore accounts;
    private final String enterpriseSlug;

    /** @param enterpriseSlug the server's enterprise, which inherited groups' URLs name */
    public RunnerGroupResource(RunnerGroups groups, RunnerResource runnerViews, Representations representations, AccountStore accounts,
            String enterpriseSlug) {
        this.groups = Objects.requireNonNull(groups, "groups");
        this.runnerViews = Objects.requireNonNull(runnerViews, "runnerViews");
        this.representations = Objects.requireNonNull(representations, "representations");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.enterpriseSlug = Objects.requireNonNull(enterpriseSlug, "enterpriseSlug");
    }

    public List<Route> routes() {
        List<Route> routes = new ArrayList<>();
        String org = ORGANIZATION + "/{runner_group_id}";
        routes.add(Route.get(ORGANIZATION, "actions/list-self-hosted-runner-groups-for-org", this::listForOrganization));
        routes.add(Route.post(ORGANIZATION, "actions/create-self-hosted-runner-group-for-org", this::create));
        routes.add(Route.get(org, "actions/get-self-hosted-runner-group-for-org", this::get));
        routes.add(Route.patch(org, "actions/update-self-hosted-runner-group-for-org", this::update));
        routes.add(Route.delete(org, "actions/delete-self-hosted-runner-group-from-org", this::delete));
        routes.add(Route.get(org + "/repositories", "actions/list-repo-access-to-self-hosted-runner-group-in-org", this::repositories));
        routes.add(Route.put(org + "/repositories", "actions/set-repo-access-to-self-hosted-runner-group-in-org",
                request -> setAccess(request, "selected_repository_ids")));
        routes.add(Route.put(org + "/repositories/{repository_id}", "actions/add-repo-access-to-self-hosted-runner-group-in-org",
                request -> changeAccess(request, "repository_id", true)));
        routes.add(Route.delete(org + "/repositories/{repository_id}", "actions/remove-repo-access-to-self-hosted-runner-group-in-org",
                request -> changeAccess(request, "repository_id", false)));
        addRunnerRoutes(routes, org, "actions/", "org");

        String enterprise = ENTERPRISE + "/{runner_group_id}";
        String e = "enterprise-admin/";
        routes.add(Route.get(ENTERPRISE, e + "list-self-hosted-runner-groups-for-enterprise", this::listForEnterprise));
        routes.add(Route.post(ENTERPRISE, e + "create-self-hosted-runner-group-for-enterprise", this::create));
        routes.add(Route.get(enterprise, e + "get-self-hosted-runner-group-for-enterprise", this::get));
        routes.add(Route.patch(enterprise, e + "update-self-hosted-runner-group-for-enterprise", this::update));
        routes.add(Route.delete(enterprise, e + "delete-self-hosted-runner-group-from-enterprise", this::delete));
        routes.add(Route.get(enterprise + "/organizations", e + "list-org-access-to-self-hosted-runner-group-in-enterprise",
                this::organizations));
        routes.add(Route.put(enterprise + "/organizations", e + "set-org-access-to-self-hosted-runner-group-in-enterprise",
                request -> setAccess(request, "selected_organization_ids")));
        routes.add(Route.put(enterprise + "/organizations/{org_id}", e + "add-org-access-to-self-hosted-runner-group-in-enterprise",
                request -> changeAccess(request, "org_id", true)));
        routes.add(Route.delete(enterprise + "/organizations/{org_id}", e + "remove-org-access-to-self-hosted-runner-group-in-enterprise",
                request -> changeAccess(request, "org_id", false)));
        addRunnerRoutes(routes, enterprise, e, "enterprise");
        return routes;
    }

    private void addRunnerRoutes(List<Route> routes, String group, String area, String level) {
        routes.add(Route.get(group + "/runners", area + "list-self-hosted-runners-in-group-for-" + level, request -> {
            PageRequest page = request.pageRequest();
            return runnerViews.runnersReply(request, groups.runners(owner(request), groupId(request), page), page);
        }));
        routes.add(Route.put(group + "/runners", area + "set-self-hosted-runners-in-group-for-" + level, request -> {
            groups.setRunners(owner(request), groupId(request), ids(request, "runners"));
            return Reply.noContent();
        }));
        routes.add(Route.put(group + "/runners/{runner_id}", area + "add-self-hosted-runner-to-group-for-" + level, request -> {
            groups.addRunner(owner(request), groupId(request), RunnerResource.runnerId(request));
            return Reply.noContent();
        }));
        routes.add(Route.delete(group + "/runners/{runner_id}", area + "remove-self-hosted-runner-from-group-for-" + level, request -> {
            groups.removeRunner(owner(request), groupId(request), RunnerResource.runnerId(request));
            return Reply.noContent();
        }));
    }

    /** The group's owner, from the operation: the enterprise's operations end in {@code -enterprise}. */
    private static ActionsScope owner(ApiRequest request) {
        return request.operationId().endsWith("-enterprise") ? ActionsScope.enterprise()
                : ActionsScope.organization(request.organization().id());
    }

    /** An organization's own groups, then those it inherits from the enterprise. */
    private Reply listForOrganization(ApiRequest request) {
        PageRequest page = request.pageRequest();
        Page<RunnerGroups.OrganizationGroup> found = groups.listForOrganization(request.organization().id(), page);
        return request.paged(found, page, p -> Map.of("total_count", p.totalCount(), "runner_groups", p.items().stream()
                .map(listed -> listed.inherited() ? inheritedView(request, listed.group()) : view(request, listed.group())).toList()));
    }

    /** With {@code visible_to_organization}, only the groups that organization may use (none for an unknown one). */
    private Reply listForEnterprise(ApiRequest request) {
        PageRequest page = request.pageRequest();
        Page<RunnerGroup> found = request.query("visible_to_organization")
                .map(login -> accounts.findByLogin(login).filter(Account::isOrganization)
                        .map(organization -> groups.enterpriseGroupsFor(organization.id(), page))
                        .orElse(new Page<>(List.of(), 0)))
                .orElseGet(() -> groups.list(ActionsScope.enterprise(), page));
        return request.paged(found, page, p -> Map.of("total_count", p.totalCount(),
                "runner_groups", p.items().stream().map(group -> view(request, group)).toList()));
    }

    private Reply get(ApiRequest request) {
        return Reply.ok(view(request, groups.get(owner(request), groupId(request))));
    }

    private Reply create(ApiRequest request) {
        String access = owner(request).kind() == ActionsScope.Kind.ENTERPRISE ? "selected_organization_ids" : "selected_repository_ids";
        RunnerGroup created = groups.create(owner(request), settings(request), ids(request, access), ids(request, "runners"));
        return Reply.created(view(request, created));
    }

    private Reply update(ApiRequest request) {
        return Reply.ok(view(request, groups.update(owner(request), groupId(request), settings(request))));
    }

    private Reply delete(ApiRequest request) {
        groups.delete(owner(request), groupId(request));
        return Reply.noContent();
    }

    private Reply repositories(ApiRequest request) {
        PageRequest page = request.pageRequest();
        var views = groups.repositories(owner(request), groupId(request)).stream()
                .map(repository -> representations.repository(repository, request.organization(), RepositoryRole.ADMIN))
                .toList();
        return request.paged(Page.of(views, page), page, p -> Map.of("total_count", p.totalCount(), "repositories", p.items()));
    }

    private Reply organizations(ApiRequest request) {
        PageRequest page = request.pageRequest();
        var views = groups.organizations(groupId(request)).stream().map(representations::organization).toList();
        return request.paged(Page.of(views, page), page, p -> Map.of("total_count", p.totalCount(), "organizations", p.items()));
    }

    private Reply setAccess(ApiRequest request, String field) {
        groups.setAccess(owner(request), groupId(request), ids(request, field));
        return Reply.noContent();
    }

    private Reply changeAccess(ApiRequest request, String parameter, boolean add) {
        if (add) {
            groups.addAccess(owner(request), groupId(request), request.idParameter(parameter));
        } else {
            groups.removeAccess(owner(request), groupId(request), request.idParameter(parameter));
        }
        return Reply.noContent();
    }

    private static RunnerGroups.Settings settings(ApiRequest request) {
        var body = request.body();
        return new RunnerGroups.Settings(body.string("name").orElse(null), body.string("visibility").orElse(null),
                body.bool("allows_public_repositories").orElse(null), body.bool("restricted_to_workflows").orElse(null),
                body.has("selected_workflows") ? body.strings("selected_workflows") : null);
    }

    /** A group at its own level: {@code runner-groups-org} or {@code runner-groups-enterprise}. */
    private Map<String, Object> view(ApiRequest request, RunnerGroup group) {
        boolean enterprise = owner(request).kind() == ActionsScope.Kind.ENTERPRISE;
        String url = request.urls().api(enterprise
                ? "/enterprises/" + request.parameter("enterprise") + "/actions/runner-groups/" + group.id()
                : "/orgs/" + request.organization().login() + "/actions/runner-groups/" + group.id());
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", group.id());
        view.put("name", group.name());
        view.put("visibility", group.visibility());
        view.put("default", group.isDefault());
        if (group.visibility().equals("selected")) {
            view.put(enterprise ? "selected_organizations_url" : "selected_repositories_url",
                    url + (enterprise ? "/organizations" : "/repositories"));
        }
        view.put("runners_url", url + "/runners");
        if (!enterprise) {
            view.put("hosted_runners_url", url + "/hosted-runners");
            view.put("inherited", false);
        }
        view.put("allows_public_repositories", group.allowsPublicRepositories());
        view.put("workflow_restrictions_read_only", false);
        view.put("restricted_to_workflows", group.restrictedToWorkflows());
        view.put("selected_workflows", group.selectedWorkflows().stream().map(SelectedWorkflow::workflow).toList());
        return view;
    }

    /**
     * An enterprise group as an organization sees it: it serves all of the organization's
     * repositories, its public-repository and workflow settings are the enterprise's (read-only
     * here), and its runners are listed at the enterprise.
     */
    private Map<String, Object> inheritedView(ApiRequest request, RunnerGroup group) {
        String url = request.urls().api("/enterprises/" + enterpriseSlug + "/actions/runner-groups/" + group.id());
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", group.id());
        view.put("name", group.name());
        view.put("visibility", "all");
        view.put("default", false);
        view.put("runners_url", url + "/runners");
        view.put("inherited", true);
        view.put("inherited_allows_public_repositories", group.allowsPublicRepositories());
        view.put("allows_public_repositories", group.allowsPublicRepositories());
        view.put("workflow_restrictions_read_only", true);
        view.put("restricted_to_workflows", group.restrictedToWorkflows());
        view.put("selected_workflows", group.selectedWorkflows().stream().map(SelectedWorkflow::workflow).toList());
        return view;
    }

    private static long groupId(ApiRequest request) {
        return request.idParameter("runner_group_id");
    }

    private static List<Long> ids(ApiRequest request, String field) {
        List<Long> ids = new ArrayList<>();
        request.body().node().path(field).forEach(id -> ids.add(id.asLong()));
        return ids;
    }
}
