package dev.gantry.api.secrets;

import dev.gantry.api.http.ApiRequest;
import dev.gantry.api.http.Json;
import dev.gantry.api.http.Reply;
import dev.gantry.api.http.Route;
import dev.gantry.engine.GantryException;
import dev.gantry.engine.secrets.ScopeKey;
import dev.gantry.engine.secrets.SecretScope;
import dev.gantry.engine.secrets.Secrets;
import dev.gantry.engine.secrets.StoredSecret;
import dev.gantry.engine.store.Page;
import dev.gantry.engine.store.PageRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** GitHub's repository-level Actions secrets operations. A value never leaves: only names and times. */
public final class SecretResource {
    private static final String REPOSITORY = "/repos/{owner}/{repo}/actions/secrets";

    private final Secrets secrets;

    public SecretResource(Secrets secrets) {
        this.secrets = secrets;
    }

    public List<Route> routes() {
        return List.of(
                Route.get(REPOSITORY, "actions/list-repo-secrets", this::list),
                Route.get(REPOSITORY + "/public-key", "actions/get-repo-public-key", this::publicKey),
                Route.get(REPOSITORY + "/{secret_name}", "actions/get-repo-secret", this::get),
                Route.put(REPOSITORY + "/{secret_name}", "actions/create-or-update-repo-secret", this::createOrUpdate),
                Route.delete(REPOSITORY + "/{secret_name}", "actions/delete-repo-secret", this::delete));
    }

    private static SecretScope scope(ApiRequest request) {
        return SecretScope.repository(request.repository().id());
    }

    private Reply list(ApiRequest request) {
        PageRequest page = request.pageRequest();
        Page<StoredSecret> found = secrets.list(scope(request), page);
        return request.paged(found, page, p -> Map.of("total_count", p.totalCount(),
                "secrets", p.items().stream().map(SecretResource::secret).toList()));
    }

    private Reply publicKey(ApiRequest request) {
        ScopeKey key = secrets.publicKey(scope(request));
        return Reply.ok(Map.of("key_id", key.keyId(), "key", key.publicKey()));
    }

    private Reply get(ApiRequest request) {
        return Reply.ok(secret(secrets.find(scope(request), request.parameter("secret_name"))
                .orElseThrow(GantryException::notFound)));
    }

    private Reply createOrUpdate(ApiRequest request) {
        boolean created = secrets.createOrUpdate(scope(request), request.parameter("secret_name"),
                request.body().string("encrypted_value").orElse(null), request.body().string("key_id").orElse(null), null);
        // GitHub answers 201 with an empty object on create and 204 on update.
        return created ? Reply.created(Map.of()) : Reply.noContent();
    }

    private Reply delete(ApiRequest request) {
        if (!secrets.delete(scope(request), request.parameter("secret_name"))) {
            throw GantryException.notFound();
        }
        return Reply.noContent();
    }

    private static Map<String, Object> secret(StoredSecret secret) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", secret.name());
        body.put("created_at", Json.timestamp(secret.createdAt()));
        body.put("updated_at", Json.timestamp(secret.updatedAt()));
        return body;
    }
}
