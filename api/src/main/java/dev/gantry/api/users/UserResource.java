package dev.gantry.api.users;

import dev.gantry.api.http.ApiRequest;
import dev.gantry.api.http.Reply;
import dev.gantry.api.http.Route;
import dev.gantry.api.wire.Representations;
import dev.gantry.engine.identity.Account;
import dev.gantry.engine.repository.RepositoryStore;
import dev.gantry.engine.repository.Visibility;
import dev.gantry.engine.store.PageRequest;
import java.util.EnumSet;
import java.util.List;

/** {@code GET /user}: the authenticated user, with the private fields GitHub shows only to them. */
public final class UserResource {
    private final RepositoryStore repositories;
    private final Representations representations;

    public UserResource(RepositoryStore repositories, Representations representations) {
        this.repositories = repositories;
        this.representations = representations;
    }

    public List<Route> routes() {
        return List.of(Route.get("/user", "users/get-authenticated", this::get));
    }

    private Reply get(ApiRequest request) {
        Account user = request.caller().user().orElseThrow();
        PageRequest countOnly = new PageRequest(1, 1);
        long publicRepositories = repositories.listByOwner(user.id(), EnumSet.of(Visibility.PUBLIC), countOnly).totalCount();
        long privateRepositories = repositories.listByOwner(user.id(), EnumSet.of(Visibility.PRIVATE, Visibility.INTERNAL), countOnly)
                .totalCount();
        return Reply.ok(representations.user(user, (int) publicRepositories, (int) privateRepositories));
    }
}
