package dev.gantry.api.secrets;

import dev.gantry.api.http.ApiRequest;
import dev.gantry.api.http.Json;
import dev.gantry.api.http.Reply;
import dev.gantry.api.http.Route;
import dev.gantry.api.wire.Representations;
import dev.gantry.api.wire.RepositoryView;
import dev.gantry.engine.FieldError;
import dev.gantry.engine.GantryException;
import dev.gantry.engine.access.RepositoryRole;
import dev.gantry.engine.repository.Repository;
import dev.gantry.engine.repository.RepositoryStore;
import dev.gantry.engine.secrets.ScopeKey;
import dev.gantry.engine.secrets.SecretScope;
import dev.gantry.engine.secrets.Secrets;
import dev.gantry.engine.secrets.StoredSecret;
import dev.gantry.engine.store.Page;
import dev.gantry.engine.store.PageRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GitHub's Actions secrets operations of repositories and organizations. A value never leaves:
 * only names, times and an organization secret's visibility.
 */
public final class SecretResource {
    private static final String REPOSITORY = "/repos/{owner}/{repo}/actions/secrets";
    private static final String ORGANIZATION = "/orgs/{org}/actions/secrets";

    private final Secrets secrets;
    private final RepositoryStore repositories;
    private final Representations representations;

    public SecretResource(Secrets secrets, RepositoryStore repositories, Representations representations) {
        this.secrets = secrets;
        this.repositories = repositories;
        this.representations = representations;
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
                        this::listSelected),
                Route.put(ORGANIZATION + "/{secret_name}/repositories", "actions/set-selected-repos-for-org-secret",
                        this::setSelected),
                Route.put(ORGANIZATION + "/{secret_name}/repositories/{repository_id}", "actions/add-selected-repo-to-org-secret",
                        this::addSelected),
                Route.delete(ORGANIZATION + "/{secret_name}/repositories/{repository_id}",
                        "actions/remove-selected-repo-from-org-secret", this::removeSelected));
    }

    /** The organization's scope on {@code /orgs/…} paths, else the repository's. */
    private static SecretScope scope(ApiRequest request) {
        return request.operationId().contains("-org-")
                ? SecretScope.organization(request.organization().id())
                : SecretScope.repository(request.repository().id());
    }

    private Reply listForRepository(ApiRequest request) {
        PageRequest page = request.pageRequest();
        Page<StoredSecret> found = secrets.organizationSecretsFor(request.repository(), page);
        return request.paged(found, page, p -> Map.of("total_count", p.totalCount(),
                "secrets", p.items().stream().map(secret -> secret(request, secret)).toList()));
    }

    private Reply listSelected(ApiRequest request) {
        List<RepositoryView> selected = secrets.selectedRepositories(scope(request), request.parameter("secret_name")).stream()
                .flatMap(id -> repositories.findById(id).stream())
                .map(repository -> representations.repository(repository, request.organization(), RepositoryRole.ADMIN))
                .toList();
        return Reply.ok(Map.of("total_count", selected.size(), "repositories", selected));
    }

    private Reply setSelected(ApiRequest request) {
        List<Long> ids = new java.util.ArrayList<>();
        request.body().node().path("selected_repository_ids").forEach(id -> ids.add(organizationRepository(request, id.asLong())));
        secrets.setSelectedRepositories(scope(request), request.parameter("secret_name"), ids);
        return Reply.noContent();
    }

    private Reply addSelected(ApiRequest request) {
        boolean added = secrets.addSelectedRepository(scope(request), request.parameter("secret_name"),
                organizationRepository(request, repositoryId(request)));
        return added ? Reply.noContent() : Reply.status(409, null);
    }

    private Reply removeSelected(ApiRequest request) {
        boolean removed = secrets.removeSelectedRepository(scope(request), request.parameter("secret_name"),
                organizationRepository(request, repositoryId(request)));
        return removed ? Reply.noContent() : Reply.status(409, null);
    }

    private static long repositoryId(ApiRequest request) {
        try {
            return Long.parseLong(request.parameter("repository_id"));
        } catch (NumberFormatException e) {
            throw GantryException.notFound();
        }
    }

    /** Only the organization's own repositories can be selected; any other id is GitHub's 422. */
    private long organizationRepository(ApiRequest request, long id) {
        return repositories.findById(id).filter(repository -> repository.ownerId() == request.organization().id())
                .map(Repository::id)
                .orElseThrow(() -> GantryException.invalid("Validation Failed",
                        FieldError.custom("Secret", "selected_repository_ids", "Repository " + id + " is not in the organization")));
    }

    private Reply list(ApiRequest request) {
        PageRequest page = request.pageRequest();
        Page<StoredSecret> found = secrets.list(scope(request), page);
        return request.paged(found, page, p -> Map.of("total_count", p.totalCount(),
                "secrets", p.items().stream().map(secret -> secret(request, secret)).toList()));
    }

    private Reply publicKey(ApiRequest request) {
        ScopeKey key = secrets.publicKey(scope(request));
        return Reply.ok(Map.of("key_id", key.keyId(), "key", key.publicKey()));
    }

    private Reply get(ApiRequest request) {
        return Reply.ok(secret(request, secrets.find(scope(request), request.parameter("secret_name"))
                .orElseThrow(GantryException::notFound)));
    }

    private Reply createOrUpdate(ApiRequest request) {
        SecretScope scope = scope(request);
        String visibility = scope.kind() == SecretScope.Kind.ORGANIZATION ? request.body().string("visibility").orElse(null) : null;
        boolean created = secrets.createOrUpdate(scope, request.parameter("secret_name"),
                request.body().string("encrypted_value").orElse(null), request.body().string("key_id").orElse(null), visibility);
        if (request.body().has("selected_repository_ids") && "selected".equals(visibility)) {
            setSelected(request);
        }
        // GitHub answers 201 with an empty object on create and 204 on update.
        return created ? Reply.created(Map.of()) : Reply.noContent();
    }

    private Reply delete(ApiRequest request) {
        if (!secrets.delete(scope(request), request.parameter("secret_name"))) {
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
            if ("selected".equals(secret.visibility())) {
                String organization = request.operationId().contains("-org-") ? request.organization().login()
                        : request.owner().login();
                body.put("selected_repositories_url", request.urls().api("/orgs/" + organization + "/actions/secrets/"
                        + secret.name() + "/repositories"));
            }
        }
        return body;
    }
}
