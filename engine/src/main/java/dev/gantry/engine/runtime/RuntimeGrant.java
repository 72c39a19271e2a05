package dev.gantry.engine.runtime;

import java.util.List;
import java.util.Optional;

/**
 * What a verified {@code ACTIONS_RUNTIME_TOKEN} lets its job do: use the artifact service of its
 * run and the cache of its repository within {@code cacheScopes}. Everything the artifact and
 * cache services authorize comes from here, never from ids a client echoes in a request.
 *
 * @param cacheScopes in lookup order: the job's own ref first, then the refs it may restore from
 */
public record RuntimeGrant(long runId, long jobId, long repositoryId, List<CacheScope> cacheScopes) {
    public RuntimeGrant {
        cacheScopes = List.copyOf(cacheScopes);
    }

    /** The scope a job writes caches to: its own ref. Empty when it may write none. */
    public Optional<CacheScope> writeScope() {
        return cacheScopes.stream().filter(CacheScope::writable).findFirst();
    }
}
