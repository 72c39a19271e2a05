package dev.gantry.api.caches;

import dev.gantry.api.http.ApiRequest;
import dev.gantry.api.http.Json;
import dev.gantry.api.http.Reply;
import dev.gantry.api.http.Route;
import dev.gantry.engine.ErrorCategory;
import dev.gantry.engine.GantryException;
import dev.gantry.engine.caches.CacheEntry;
import dev.gantry.engine.caches.CacheLimitLevel;
import dev.gantry.engine.caches.CacheSettings;
import dev.gantry.engine.caches.CacheSort;
import dev.gantry.engine.caches.CacheUsage;
import dev.gantry.engine.caches.Caches;
import dev.gantry.engine.caches.RepositoryCacheUsage;
import dev.gantry.engine.repository.Repository;
import dev.gantry.engine.repository.RepositoryStore;
import dev.gantry.engine.store.Page;
import dev.gantry.engine.store.PageRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * GitHub's 18 cache operations: a repository's entries (list, delete by key or id), usage of a
 * repository and an organization, and the retention and storage limits of the enterprise,
 * organizations and repositories, which the cache sweep enforces.
 */
public final class CacheResource {
    private static final String REPOSITORY = "/repos/{owner}/{repo}/actions";
    private static final String ORGANIZATION = "/organizations/{org}/actions/cache";
    private static final String ENTERPRISE = "/enterprises/{enterprise}/actions/cache";

    private final Caches caches;
    private final CacheSettings settings;
    private final RepositoryStore repositories;

    public CacheResource(Caches caches, CacheSettings settings, RepositoryStore repositories) {
        this.caches = caches;
        this.settings = settings;
        this.repositories = repositories;
    }

    public List<Route> routes() {
        return List.of(
                Route.get(REPOSITORY + "/caches", "actions/get-actions-cache-list", this::list),
                Route.delete(REPOSITORY + "/caches", "actions/delete-actions-cache-by-key", this::deleteByKey),
                Route.delete(REPOSITORY + "/caches/{cache_id}", "actions/delete-actions-cache-by-id", this::deleteById),
                Route.get(REPOSITORY + "/cache/usage", "actions/get-actions-cache-usage", this::repositoryUsage),
                Route.get("/orgs/{org}/actions/cache/usage", "actions/get-actions-cache-usage-for-org", this::organizationUsage),
                Route.get("/orgs/{org}/actions/cache/usage-by-repository", "actions/get-actions-cache-usage-by-repo-for-org",
                        this::usageByRepository),
                Route.get(ENTERPRISE + "/retention-limit", "actions/get-actions-cache-retention-limit-for-enterprise", this::retention),
                Route.put(ENTERPRISE + "/retention-limit", "actions/set-actions-cache-retention-limit-for-enterprise", this::setRetention),
                Route.get(ENTERPRISE + "/storage-limit", "actions/get-actions-cache-storage-limit-for-enterprise", this::storage),
                Route.put(ENTERPRISE + "/storage-limit", "actions/set-actions-cache-storage-limit-for-enterprise", this::setStorage),
                Route.get(ORGANIZATION + "/retention-limit", "actions/get-actions-cache-retention-limit-for-organization", this::retention),
                Route.put(ORGANIZATION + "/retention-limit", "actions/set-actions-cache-retention-limit-for-organization",
                        this::setRetention),
                Route.get(ORGANIZATION + "/storage-limit", "actions/get-actions-cache-storage-limit-for-organization", this::storage),
                Route.put(ORGANIZATION + "/storage-limit", "actions/set-actions-cache-storage-limit-for-organization", this::setStorage),
                Route.get(REPOSITORY + "/cache/retention-limit", "actions/get-actions-cache-retention-limit-for-repository", this::retention),
                Route.put(REPOSITORY + "/cache/retention-limit", "actions/set-actions-cache-retention-limit-for-repository",
                        this::setRetention),
                Route.get(REPOSITORY + "/cache/storage-limit", "actions/get-actions-cache-storage-limit-for-repository", this::storage),
                Route.put(REPOSITORY + "/cache/storage-limit", "actions/set-actions-cache-storage-limit-for-repository", this::setStorage));
    }

    private Reply list(ApiRequest request) {
        CacheSort sort = request.query("sort").map(name -> switch (name) {
            case "created_at" -> CacheSort.CREATED_AT;
            case "last_accessed_at" -> CacheSort.LAST_ACCESSED_AT;
            case "size_in_bytes" -> CacheSort.SIZE_IN_BYTES;
            default -> throw GantryException.invalid("Invalid request.\n\n" + name
                    + " is not a member of [\"created_at\", \"last_accessed_at\", \"size_in_bytes\"].");
        }).orElse(CacheSort.LAST_ACCESSED_AT);
        boolean ascending = request.query("direction").map(direction -> switch (direction) {
            case "asc" -> true;
            case "desc" -> false;
            default -> throw GantryException.invalid("Invalid request.\n\n" + direction + " is not a member of [\"asc\", \"desc\"].");
        }).orElse(false);
        PageRequest page = request.pageRequest();
        Page<CacheEntry> found = caches.list(request.repository().id(), nonEmpty(request, "key"), nonEmpty(request, "ref"), sort,
                ascending, page);
        return request.paged(found, page, p -> Map.of("total_count", p.totalCount(),
                "actions_caches", p.items().stream().map(CacheResource::view).toList()));
    }

    private Reply deleteByKey(ApiRequest request) {
        String key = nonEmpty(request, "key").orElseThrow(() -> GantryException.invalid("Invalid request.\n\n\"key\" wasn't supplied."));
        List<CacheEntry> deleted = caches.deleteByKey(request.repository().id(), key, nonEmpty(request, "ref"));
        return Reply.ok(Map.of("total_count", deleted.size(), "actions_caches", deleted.stream().map(CacheResource::view).toList()));
    }

    private Reply deleteById(ApiRequest request) {
        long id;
        try {
            id = Long.parseLong(request.parameter("cache_id"));
        } catch (NumberFormatException e) {
            throw GantryException.notFound();
        }
        caches.delete(request.repository().id(), id);
        return Reply.noContent();
    }

    private Reply repositoryUsage(ApiRequest request) {
        return Reply.ok(repositoryUsageView(request.owner().login() + "/" + request.repository().name(),
                caches.usage(request.repository().id())));
    }

    private Reply organizationUsage(ApiRequest request) {
        CacheUsage usage = caches.usageByOwner(request.organization().id());
        return Reply.ok(Map.of("total_active_caches_count", usage.activeCount(),
                "total_active_caches_size_in_bytes", usage.activeSizeInBytes()));
    }

    private Reply usageByRepository(ApiRequest request) {
        PageRequest page = request.pageRequest();
        Page<RepositoryCacheUsage> found = caches.usageByRepository(request.organization().id(), page);
        String login = request.organization().login();
        return request.paged(found, page, p -> Map.of("total_count", p.totalCount(),
                "repository_cache_usages", p.items().stream()
                        .map(line -> repositoryUsageView(login + "/" + repositories.findById(line.repositoryId()).map(Repository::name)
                                .orElse(""), line.usage()))
                        .toList()));
    }

    private Reply retention(ApiRequest request) {
        return Reply.ok(Map.of("max_cache_retention_days", settings.retentionDays(level(request), ownerId(request))));
    }

    private Reply setRetention(ApiRequest request) {
        settings.setRetentionDays(level(request), ownerId(request), whole(request, "max_cache_retention_days"));
        return Reply.noContent();
    }

    private Reply storage(ApiRequest request) {
        return Reply.ok(Map.of("max_cache_size_gb", settings.sizeGigabytes(level(request), ownerId(request))));
    }

    private Reply setStorage(ApiRequest request) {
        settings.setSizeGigabytes(level(request), ownerId(request), whole(request, "max_cache_size_gb"));
        return Reply.noContent();
    }

    private static CacheLimitLevel level(ApiRequest request) {
        String operation = request.operationId();
        return operation.endsWith("-for-enterprise") ? CacheLimitLevel.ENTERPRISE
                : operation.endsWith("-for-organization") ? CacheLimitLevel.ORGANIZATION : CacheLimitLevel.REPOSITORY;
    }

    private static long ownerId(ApiRequest request) {
        return switch (level(request)) {
            case ENTERPRISE -> 0;
            case ORGANIZATION -> request.organization().id();
            case REPOSITORY -> request.repository().id();
        };
    }

    /** GitHub answers a limit that is missing or not a whole number with 400. */
    private static int whole(ApiRequest request, String field) {
        Optional<Long> value = request.body().hasValue(field) && request.body().node().get(field).canConvertToInt()
                && request.body().node().get(field).isIntegralNumber()
                ? Optional.of(request.body().node().get(field).asLong()) : Optional.empty();
        return value.map(Long::intValue).orElseThrow(() -> new GantryException(ErrorCategory.BAD_REQUEST,
                field + " must be a whole number."));
    }

    private static Optional<String> nonEmpty(ApiRequest request, String name) {
        return request.query(name).filter(value -> !value.isEmpty());
    }

    private static Map<String, Object> repositoryUsageView(String fullName, CacheUsage usage) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("full_name", fullName);
        view.put("active_caches_size_in_bytes", usage.activeSizeInBytes());
        view.put("active_caches_count", usage.activeCount());
        return view;
    }

    private static Map<String, Object> view(CacheEntry entry) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", entry.id());
        view.put("ref", entry.scope());
        view.put("key", entry.key());
        view.put("version", entry.version());
        view.put("last_accessed_at", Json.timestamp(entry.lastAccessedAt()));
        view.put("created_at", Json.timestamp(entry.createdAt()));
        view.put("size_in_bytes", entry.size());
        return view;
    }
}
