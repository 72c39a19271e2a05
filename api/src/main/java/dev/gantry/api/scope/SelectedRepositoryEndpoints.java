package dev.gantry.api.scope;

import dev.gantry.api.http.ApiRequest;
import dev.gantry.api.http.Reply;
import dev.gantry.api.wire.Representations;
import dev.gantry.api.wire.RepositoryView;
import dev.gantry.engine.FieldError;
import dev.gantry.engine.GantryException;
import dev.gantry.engine.access.RepositoryRole;
import dev.gantry.engine.repository.Repository;
import dev.gantry.engine.repository.RepositoryStore;
import dev.gantry.engine.scope.ActionsScope;
import dev.gantry.engine.scope.SelectedRepositories;
import dev.gantry.engine.store.Page;
import dev.gantry.engine.store.PageRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The four selected-repositories operations that organization secrets and variables share
 * ({@code /orgs/{org}/actions/…/{name}/repositories[/{repository_id}]}): list, replace, add,
 * remove. A visibility other than {@code selected} is GitHub's bodiless 409.
 */
public final class SelectedRepositoryEndpoints {
    private final SelectedRepositories selection;
    private final RepositoryStore repositories;
    private final Representations representations;
    private final String resource;
    private final String nameParameter;

    /**
     * @param resource {@code Secret} or {@code Variable}, as GitHub's errors name it
     * @param nameParameter the path parameter naming the item
     */
    public SelectedRepositoryEndpoints(SelectedRepositories selection, RepositoryStore repositories, Representations representations,
                                       String resource, String nameParameter) {
        this.selection = Objects.requireNonNull(selection, "selection");
        this.repositories = Objects.requireNonNull(repositories, "repositories");
        this.representations = Objects.requireNonNull(representations, "representations");
        this.resource = Objects.requireNonNull(resource, "resource");
        this.nameParameter = Objects.requireNonNull(nameParameter, "nameParameter");
    }

    public Reply list(ApiRequest request) {
        PageRequest page = request.pageRequest();
        return selection.list(scope(request), request.parameter(nameParameter))
                .map(ids -> {
                    List<RepositoryView> selected = ids.stream()
                            .flatMap(id -> repositories.findById(id).stream())
                            .map(repository -> representations.repository(repository, request.organization(), RepositoryRole.ADMIN))
                            .toList();
                    return request.paged(Page.of(selected, page), page,
                            p -> Map.of("total_count", p.totalCount(), "repositories", p.items()));
                })
                .orElseGet(SelectedRepositoryEndpoints::conflict);
    }

    public Reply set(ApiRequest request) {
        return selection.set(scope(request), request.parameter(nameParameter), repositoryIds(request)) ? Reply.noContent() : conflict();
    }

    public Reply add(ApiRequest request) {
        boolean added = selection.add(scope(request), request.parameter(nameParameter),
                organizationRepository(request, repositoryId(request)));
        return added ? Reply.noContent() : conflict();
    }

    public Reply remove(ApiRequest request) {
        boolean removed = selection.remove(scope(request), request.parameter(nameParameter),
                organizationRepository(request, repositoryId(request)));
        return removed ? Reply.noContent() : conflict();
    }

    /** The body's {@code selected_repository_ids}, each one of the organization's repositories (else GitHub's 422). */
    public List<Long> repositoryIds(ApiRequest request) {
        List<Long> ids = new ArrayList<>();
        request.body().node().path("selected_repository_ids").forEach(id -> ids.add(organizationRepository(request, id.asLong())));
        return ids;
    }

    /**
     * The {@code selected_repositories_url} of an organization's item.
     *
     * @param organization the organization's login: the path's, or the repository's owner on a repository's listing
     * @param collection {@code secrets} or {@code variables}
     */
    public static String selectedRepositoriesUrl(ApiRequest request, String organization, String collection, String name) {
        return request.urls().api("/orgs/" + organization + "/actions/" + collection + "/" + name + "/repositories");
    }

    private static ActionsScope scope(ApiRequest request) {
        return ActionsScope.organization(request.organization().id());
    }

    private static Reply conflict() {
        return Reply.status(409, null);
    }

    private static long repositoryId(ApiRequest request) {
        try {
            return Long.parseLong(request.parameter("repository_id"));
        } catch (NumberFormatException e) {
            throw GantryException.notFound();
        }
    }

    private long organizationRepository(ApiRequest request, long id) {
        return repositories.findById(id).filter(repository -> repository.ownerId() == request.organization().id())
                .map(Repository::id)
                .orElseThrow(() -> GantryException.invalid("Validation Failed",
                        FieldError.custom(resource, "selected_repository_ids", "Repository " + id + " is not in the organization")));
    }
}
