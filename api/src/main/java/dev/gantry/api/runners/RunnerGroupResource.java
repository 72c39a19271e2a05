package dev.gantry.api.runners;

import dev.gantry.api.http.ApiRequest;
import dev.gantry.api.http.Reply;
import dev.gantry.api.http.Route;
import dev.gantry.api.wire.Representations;
import dev.gantry.engine.GantryException;
import dev.gantry.engine.access.RepositoryRole;
import dev.gantry.engine.runners.RunnerGroup;
import dev.gantry.engine.runners.RunnerGroups;
import dev.gantry.engine.runners.SelectedWorkflow;
import dev.gantry.engine.store.Page;
import dev.gantry.engine.store.PageRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An organization's runner groups ({@code /orgs/{org}/actions/runner-groups…}): the 14 operations
 * GitHub documents (GitHub-hosted runners in a group are not provisioned here, so that list is empty).
 */
public final class RunnerGroupResource {
    private static final String BASE = "/orgs/{org}/actions/runner-groups";

    private final RunnerGroups groups;
    private final RunnerResource runnerViews;
    private final Representations representations;

    public RunnerGroupResource(RunnerGroups groups, RunnerResource runnerViews, Representations representations) {
        this.groups = Objects.requireNonNull(groups, "groups");
        this.runnerViews = Objects.requireNonNull(runnerViews, "runnerViews");
        this.representations = Objects.requireNonNull(representations, "representations");
    }

    public List<Route> routes() {
        String group = BASE + "/{runner_group_id}";
        return List.of(
                Route.get(BASE, "actions/list-self-hosted-runner-groups-for-org", this::list),
                Route.post(BASE, "actions/create-self-hosted-runner-group-for-org", this::create),
                Route.get(group, "actions/get-self-hosted-runner-group-for-org",
                        request -> Reply.ok(view(request, groups.get(organization(request), groupId(request))))),
                Route.patch(group, "actions/update-self-hosted-runner-group-for-org", this::update),
                Route.delete(group, "actions/delete-self-hosted-runner-group-from-org", request -> {
                    groups.delete(organization(request), groupId(request));
                    return Reply.noContent();
                }),
                Route.get(group + "/repositories", "actions/list-repo-access-to-self-hosted-runner-group-in-org", this::repositories),
                Route.put(group + "/repositories", "actions/set-repo-access-to-self-hosted-runner-group-in-org", request -> {
                    groups.setRepositories(organization(request), groupId(request), ids(request, "selected_repository_ids"));
                    return Reply.noContent();
                }),
                Route.put(group + "/repositories/{repository_id}", "actions/add-repo-access-to-self-hosted-runner-group-in-org",
                        request -> {
                            groups.addRepository(organization(request), groupId(request), pathId(request, "repository_id"));
                            return Reply.noContent();
                        }),
                Route.delete(group + "/repositories/{repository_id}", "actions/remove-repo-access-to-self-hosted-runner-group-in-org",
                        request -> {
                            groups.removeRepository(organization(request), groupId(request), pathId(request, "repository_id"));
                            return Reply.noContent();
                        }),
                Route.get(group + "/runners", "actions/list-self-hosted-runners-in-group-for-org", request -> {
                    PageRequest page = request.pageRequest();
                    return runnerViews.runnersReply(request, groups.runners(organization(request), groupId(request), page), page);
                }),
                Route.put(group + "/runners", "actions/set-self-hosted-runners-in-group-for-org", request -> {
                    groups.setRunners(organization(request), groupId(request), ids(request, "runners"));
                    return Reply.noContent();
                }),
                Route.put(group + "/runners/{runner_id}", "actions/add-self-hosted-runner-to-group-for-org", request -> {
                    groups.addRunner(organization(request), groupId(request), RunnerResource.runnerId(request));
                    return Reply.noContent();
                }),
                Route.delete(group + "/runners/{runner_id}", "actions/remove-self-hosted-runner-from-group-for-org", request -> {
                    groups.removeRunner(organization(request), groupId(request), RunnerResource.runnerId(request));
                    return Reply.noContent();
                }));
    }

    private Reply list(ApiRequest request) {
        PageRequest page = request.pageRequest();
        Page<RunnerGroup> found = groups.list(organization(request), page);
        return request.paged(found, page, p -> Map.of("total_count", p.totalCount(),
                "runner_groups", p.items().stream().map(group -> view(request, group)).toList()));
    }

    private Reply create(ApiRequest request) {
        RunnerGroup created = groups.create(organization(request), settings(request), ids(request, "selected_repository_ids"),
                ids(request, "runners"));
        return Reply.created(view(request, created));
    }

    private Reply update(ApiRequest request) {
        return Reply.ok(view(request, groups.update(organization(request), groupId(request), settings(request))));
    }

    private Reply repositories(ApiRequest request) {
        PageRequest page = request.pageRequest();
        var views = groups.repositories(organization(request), groupId(request)).stream()
                .map(repository -> representations.repository(repository, request.organization(), RepositoryRole.ADMIN))
                .toList();
        return request.paged(Page.of(views, page), page, p -> Map.of("total_count", p.totalCount(), "repositories", p.items()));
    }

    private static RunnerGroups.Settings settings(ApiRequest request) {
        var body = request.body();
        return new RunnerGroups.Settings(body.string("name").orElse(null), body.string("visibility").orElse(null),
                body.bool("allows_public_repositories").orElse(null), body.bool("restricted_to_workflows").orElse(null),
                body.has("selected_workflows") ? body.strings("selected_workflows") : null);
    }

    private Map<String, Object> view(ApiRequest request, RunnerGroup group) {
        String url = request.urls().api("/orgs/" + request.organization().login() + "/actions/runner-groups/" + group.id());
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", group.id());
        view.put("name", group.name());
        view.put("visibility", group.visibility());
        view.put("default", group.isDefault());
        if (group.visibility().equals("selected")) {
            view.put("selected_repositories_url", url + "/repositories");
        }
        view.put("runners_url", url + "/runners");
        view.put("hosted_runners_url", url + "/hosted-runners");
        view.put("inherited", false);
        view.put("allows_public_repositories", group.allowsPublicRepositories());
        view.put("workflow_restrictions_read_only", false);
        view.put("restricted_to_workflows", group.restrictedToWorkflows());
        view.put("selected_workflows", group.selectedWorkflows().stream().map(SelectedWorkflow::workflow).toList());
        return view;
    }

    private static long organization(ApiRequest request) {
        return request.organization().id();
    }

    private static long groupId(ApiRequest request) {
        return pathId(request, "runner_group_id");
    }

    private static long pathId(ApiRequest request, String name) {
        try {
            return Long.parseLong(request.parameter(name));
        } catch (NumberFormatException e) {
            throw GantryException.notFound();
        }
    }

    private static List<Long> ids(ApiRequest request, String field) {
        List<Long> ids = new ArrayList<>();
        request.body().node().path(field).forEach(id -> ids.add(id.asLong()));
        return ids;
    }
}
