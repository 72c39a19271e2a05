package dev.gantry.api.secrets;

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
import dev.gantry.engine.secrets.ScopeKey;
import dev.gantry.engine.secrets.Secrets;
import dev.gantry.engine.secrets.StoredSecret;
import dev.gantry.engine.store.Page;
import dev.gantry.engine.store.PageRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GitHub's Actions secrets operations of repositories, organizations and environments. A value never leaves:
 * only names, times and an organization secret's visibility.
 */
public final class SecretResource {
    private static final String REPOSITORY = "/repos/{owner}/{repo}/actions/secrets";
    private static final String ORGANIZATION = "/orgs/{org}/actions/secrets";
    private static final String ENVIRONMENT = "/repos/{owner}/{repo}/environments/{environment_name}/secrets";

    private final Secrets secrets;
    private final RequestScopes scopes;
    private final SelectedRepositoryEndpoints selected;

    public SecretResource(Secrets secrets, Environments environments, RepositoryStore repositories, Representations representations) {
        this.secrets = secrets;
        this.scopes = new RequestScopes(environments);
        this.selected = new SelectedRepositoryEndpoints(secrets.selectedRepositories(), repositories, representations, "Secret",
                "secret_name");
    }

    public List<Route> routes() {
        return List.of(
                Route.get(REPOSITORY, "actions/list-repo-secrets", this::list),
                Route.get(REPOSITORY + "/public-key", "actions/get-repo-public-key", this::publicKey),
                Route.get(REPOSITORY + "/{secret_name}", "actions/get-repo-secret", this::get),
                Route.put(REPOSITORY + "/{secret_name}", "actions/create-or-update-repo-secret", this::createOrUpdate),
                Route.delete(REPOSITORY + "/{secret_name}", "actions/delete-repo-secret", this::delete),
                Route.get("/repos/{owner}/{repo}/actions/organization-secrets", "actions/list-repo-organization-secrets",
                        this::listForRepository),
                Route.get(ORGANIZATION, "actions/list-org-secrets", this::list),
                Route.get(ORGANIZATION + "/public-key", "actions/get-org-public-key", this::publicKey),
                Route.get(ORGANIZATION + "/{secret_name}", "actions/get-org-secret", this::get),
                Route.put(ORGANIZATION + "/{secret_name}", "actions/create-or-update-org-secret", this::createOrUpdate),
                Route.delete(ORGANIZATION + "/{secret_name}", "actions/delete-org-secret", this::delete),
                Route.get(ORGANIZATION + "/{secret_name}/repositories", "actions/list-selected-repos-for-org-secret",
                        selected::list),
                Route.put(ORGANIZATION + "/{secret_name}/repositories", "actions/set-selected-repos-for-org-secret",
                        selected::set),
                Route.put(ORGANIZATION + "/{secret_name}/repositories/{repository_id}", "actions/add-selected-repo-to-org-secret",
                        selected::add),
                Route.delete(ORGANIZATION + "/{secret_name}/repositories/{repository_id}",
                        "actions/remove-selected-repo-from-org-secret", selected::remove),
                Route.get(ENVIRONMENT, "actions/list-environment-secrets", this::list),
                Route.get(ENVIRONMENT + "/public-key", "actions/get-environment-public-key", this::publicKey),
                Route.get(ENVIRONMENT + "/{secret_name}", "actions/get-environment-secret", this::get),
                Route.put(ENVIRONMENT + "/{secret_name}", "actions/create-or-update-environment-secret", this::createOrUpdate),
                Route.delete(ENVIRONMENT + "/{secret_name}", "actions/delete-environment-secret", this::delete));
    }


    private Reply listForRepository(ApiRequest request) {
        PageRequest page = request.pageRequest();
        Page<StoredSecret> found = secrets.organizationSecretsFor(request.repository(), page);
        return request.paged(found, page, p -> Map.of("total_count", p.totalCount(),
                "secrets", p.items().stream().map(secret -> secret(request, secret)).toList()));
    }

    private Reply list(ApiRequest request) {
        PageRequest page = request.pageRequest();
        Page<StoredSecret> found = secrets.list(scopes.of(request), page);
        return request.paged(found, page, p -> Map.of("total_count", p.totalCount(),
                "secrets", p.items().stream().map(secret -> secret(request, secret)).toList()));
    }

    private Reply publicKey(ApiRequest request) {
        ScopeKey key = secrets.publicKey(scopes.of(request));
        return Reply.ok(Map.of("key_id", key.keyId(), "key", key.publicKey()));
    }

    private Reply get(ApiRequest request) {
        return Reply.ok(secret(request, secrets.find(scopes.of(request), request.parameter("secret_name"))
                .orElseThrow(GantryException::notFound)));
    }

    private Reply createOrUpdate(ApiRequest request) {
        ActionsScope scope = scopes.of(request);
        String visibility = scope.kind() == ActionsScope.Kind.ORGANIZATION ? request.body().string("visibility").orElse(null) : null;
        boolean created = secrets.createOrUpdate(scope, request.parameter("secret_name"),
                request.body().string("encrypted_value").orElse(null), request.body().string("key_id").orElse(null), visibility);
        if (request.body().has("selected_repository_ids") && OrganizationVisibility.SELECTED.equals(visibility)) {
            secrets.selectedRepositories().set(scope, request.parameter("secret_name"), selected.repositoryIds(request));
        }
        // GitHub answers 201 with an empty object on create and 204 on update.
        return created ? Reply.created(Map.of()) : Reply.noContent();
    }

    private Reply delete(ApiRequest request) {
        if (!secrets.delete(scopes.of(request), request.parameter("secret_name"))) {
            throw GantryException.notFound();
        }
        return Reply.noContent();
    }

    /** The wire form; an organization secret's links name the organization: the path's, or the repository's owner. */
    private static Map<String, Object> secret(ApiRequest request, StoredSecret secret) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", secret.name());
        body.put("created_at", Json.timestamp(secret.createdAt()));
        body.put("updated_at", Json.timestamp(secret.updatedAt()));
        if (secret.visibility() != null) {
            body.put("visibility", secret.visibility());
            if (OrganizationVisibility.SELECTED.equals(secret.visibility())) {
                String organization = request.operationId().contains("-org-") ? request.organization().login()
                        : request.owner().login();
                body.put("selected_repositories_url", SelectedRepositoryEndpoints.selectedRepositoriesUrl(request, organization,
                        "secrets", secret.name()));
            }
        }
        return body;
    }
}
