package dev.gantry.api.variables;

import dev.gantry.api.http.ApiRequest;
import dev.gantry.api.http.Json;
import dev.gantry.api.http.Reply;
import dev.gantry.api.http.Route;
import dev.gantry.api.scope.RequestScopes;
import dev.gantry.api.scope.SelectedRepositoryEndpoints;
import dev.gantry.api.wire.Representations;
import dev.gantry.engine.GantryException;
import dev.gantry.engine.environments.Environments;
import dev.gantry.engine.repository.RepositoryStore;
import dev.gantry.engine.scope.ActionsScope;
import dev.gantry.engine.scope.OrganizationVisibility;
import dev.gantry.engine.store.Page;
import dev.gantry.engine.store.PageRequest;
import dev.gantry.engine.variables.Variable;
import dev.gantry.engine.variables.Variables;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** GitHub's Actions variables operations of repositories, organizations and environments. */
public final class VariableResource {
    private static final String REPOSITORY = "/repos/{owner}/{repo}/actions/variables";
    private static final String ORGANIZATION = "/orgs/{org}/actions/variables";
    private static final String ENVIRONMENT = "/repos/{owner}/{repo}/environments/{environment_name}/variables";
    /** Variables pages are smaller than GitHub's usual: 10 by default, 30 at most. */
    private static final int DEFAULT_PER_PAGE = 10;
    private static final int MAX_PER_PAGE = 30;

    private final Variables variables;
    private final RequestScopes scopes;
    private final SelectedRepositoryEndpoints selected;

    public VariableResource(Variables variables, Environments environments, RepositoryStore repositories,
                            Representations representations) {
        this.variables = variables;
        this.scopes = new RequestScopes(environments);
        this.selected = new SelectedRepositoryEndpoints(variables.selectedRepositories(), repositories, representations, "Variable",
                "name");
    }

    public List<Route> routes() {
        return List.of(
                Route.get(REPOSITORY, "actions/list-repo-variables", this::list),
                Route.post(REPOSITORY, "actions/create-repo-variable", this::create),
                Route.get(REPOSITORY + "/{name}", "actions/get-repo-variable", this::get),
                Route.patch(REPOSITORY + "/{name}", "actions/update-repo-variable", this::update),
                Route.delete(REPOSITORY + "/{name}", "actions/delete-repo-variable", this::delete),
                Route.get("/repos/{owner}/{repo}/actions/organization-variables", "actions/list-repo-organization-variables",
                        this::listForRepository),
                Route.get(ORGANIZATION, "actions/list-org-variables", this::list),
                Route.post(ORGANIZATION, "actions/create-org-variable", this::create),
                Route.get(ORGANIZATION + "/{name}", "actions/get-org-variable", this::get),
                Route.patch(ORGANIZATION + "/{name}", "actions/update-org-variable", this::update),
                Route.delete(ORGANIZATION + "/{name}", "actions/delete-org-variable", this::delete),
                Route.get(ORGANIZATION + "/{name}/repositories", "actions/list-selected-repos-for-org-variable", selected::list),
                Route.put(ORGANIZATION + "/{name}/repositories", "actions/set-selected-repos-for-org-variable", selected::set),
                Route.put(ORGANIZATION + "/{name}/repositories/{repository_id}", "actions/add-selected-repo-to-org-variable",
                        selected::add),
                Route.delete(ORGANIZATION + "/{name}/repositories/{repository_id}", "actions/remove-selected-repo-from-org-variable",
                        selected::remove),
                Route.get(ENVIRONMENT, "actions/list-environment-variables", this::list),
                Route.post(ENVIRONMENT, "actions/create-environment-variable", this::create),
                Route.get(ENVIRONMENT + "/{name}", "actions/get-environment-variable", this::get),
                Route.patch(ENVIRONMENT + "/{name}", "actions/update-environment-variable", this::update),
                Route.delete(ENVIRONMENT + "/{name}", "actions/delete-environment-variable", this::delete));
    }

    private Reply list(ApiRequest request) {
        PageRequest page = request.pageRequest(DEFAULT_PER_PAGE, MAX_PER_PAGE);
        return page(request, variables.list(scopes.of(request), page), page);
    }

    private Reply listForRepository(ApiRequest request) {
        PageRequest page = request.pageRequest(DEFAULT_PER_PAGE, MAX_PER_PAGE);
        return page(request, variables.organizationVariablesFor(request.repository(), page), page);
    }

    private Reply page(ApiRequest request, Page<Variable> found, PageRequest page) {
        return request.paged(found, page, p -> Map.of("total_count", p.totalCount(),
                "variables", p.items().stream().map(variable -> variable(request, variable)).toList()));
    }

    private Reply get(ApiRequest request) {
        return Reply.ok(variable(request, variables.find(scopes.of(request), request.parameter("name")).orElseThrow(GantryException::notFound)));
    }

    /** 201 with an empty object, as GitHub answers. */
    private Reply create(ApiRequest request) {
        ActionsScope scope = scopes.of(request);
        String visibility = request.body().string("visibility").orElse(null);
        List<Long> selectedIds = selectedIds(request, scope, visibility);
        Variable created = variables.create(scope, request.body().string("name").orElse(null),
                request.body().string("value").orElse(null), visibility);
        if (selectedIds != null) {
            variables.selectedRepositories().set(scope, created.name(), selectedIds);
        }
        return Reply.created(Map.of());
    }

    private Reply update(ApiRequest request) {
        ActionsScope scope = scopes.of(request);
        String visibility = request.body().string("visibility").orElse(null);
        Variable current = variables.find(scope, request.parameter("name")).orElseThrow(GantryException::notFound);
        List<Long> selectedIds = selectedIds(request, scope, visibility == null ? current.visibility() : visibility);
        Variable changed = variables.update(scope, current.name(), request.body().string("name").orElse(null),
                request.body().string("value").orElse(null), visibility);
        if (selectedIds != null) {
            variables.selectedRepositories().set(scope, changed.name(), selectedIds);
        }
        return Reply.noContent();
    }

    /**
     * An organization variable's {@code selected_repository_ids}, checked before anything changes;
     * null when the request sets none or the visibility is not {@code selected}, when GitHub ignores them.
     */
    private List<Long> selectedIds(ApiRequest request, ActionsScope scope, String visibility) {
        if (scope.kind() != ActionsScope.Kind.ORGANIZATION || !request.body().has("selected_repository_ids")
                || !OrganizationVisibility.SELECTED.equals(visibility)) {
            return null;
        }
        return selected.repositoryIds(request);
    }

    private Reply delete(ApiRequest request) {
        variables.delete(scopes.of(request), request.parameter("name"));
        return Reply.noContent();
    }

    /** The wire form; an organization variable's link names its organization: the path's, or the repository's owner. */
    private static Map<String, Object> variable(ApiRequest request, Variable variable) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", variable.name());
        body.put("value", variable.value());
        body.put("created_at", Json.timestamp(variable.createdAt()));
        body.put("updated_at", Json.timestamp(variable.updatedAt()));
        if (variable.visibility() != null) {
            body.put("visibility", variable.visibility());
            if (OrganizationVisibility.SELECTED.equals(variable.visibility())) {
                String organization = request.operationId().contains("-org-") ? request.organization().login() : request.owner().login();
                body.put("selected_repositories_url", SelectedRepositoryEndpoints.selectedRepositoriesUrl(request, organization,
                        "variables", variable.name()));
            }
        }
        return body;
    }
}
