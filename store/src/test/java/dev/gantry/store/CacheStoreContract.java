package dev.gantry.store;

import static dev.gantry.store.StoreFixtures.CREATED;
import static dev.gantry.store.StoreFixtures.repository;
import static dev.gantry.store.StoreFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.engine.caches.CacheChunk;
import dev.gantry.engine.caches.CacheEntry;
import dev.gantry.engine.caches.CacheSort;
import dev.gantry.engine.caches.CacheUsage;
import dev.gantry.engine.caches.NewCacheEntry;
import dev.gantry.engine.repository.Repository;
import dev.gantry.engine.store.PageRequest;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

abstract class CacheStoreContract extends DatabaseContract {
    private static final String MAIN = "refs/heads/main";
    private static final String FEATURE = "refs/heads/feature";

    private SqlCacheStore caches;
    private Repository repository;
    private Repository other;

    @BeforeAll
    final void createStore() {
        caches = new SqlCacheStore(database);
    }

    @BeforeEach
    final void createRepositories() {
        long owner = new SqlAccountStore(database).create(user("octo")).id();
        repository = new SqlRepositoryStore(database).create(repository(owner, "hello"));
        other = new SqlRepositoryStore(database).create(repository(owner, "other"));
    }

    private CacheEntry committed(String scope, String key, String version, long size, Instant at) {
        CacheEntry entry = caches.reserve(new NewCacheEntry(repository.id(), 7, scope, key, version, at)).orElseThrow();
        assertThat(caches.commit(entry.id(), size, at)).isTrue();
        return caches.find(repository.id(), entry.id()).orElseThrow();
    }

    @Test
    void oneEntryPerScopeKeyAndVersionReservedOrCommitted() {
        CacheEntry reserved = caches.reserve(new NewCacheEntry(repository.id(), 7, MAIN, "npm-abc", "v1", CREATED)).orElseThrow();

        assertThat(reserved.committed()).isFalse();
        assertThat(reserved.jobId()).isEqualTo(7);
        assertThat(caches.reserve(new NewCacheEntry(repository.id(), 7, MAIN, "npm-abc", "v1", CREATED))).as("a second writer").isEmpty();
        assertThat(caches.reserve(new NewCacheEntry(repository.id(), 7, FEATURE, "npm-abc", "v1", CREATED))).as("another ref").isPresent();
        assertThat(caches.reserve(new NewCacheEntry(repository.id(), 7, MAIN, "npm-abc", "v2", CREATED))).as("another version").isPresent();
        assertThat(caches.reserve(new NewCacheEntry(other.id(), 7, MAIN, "npm-abc", "v1", CREATED))).as("another repository").isPresent();

        assertThat(caches.match(repository.id(), MAIN, "npm-abc", "v1", false)).as("reserved is invisible").isEmpty();
        assertThat(caches.commit(reserved.id(), 42, CREATED.plusSeconds(3))).isTrue();
        assertThat(caches.commit(reserved.id(), 43, CREATED.plusSeconds(4))).as("immutable").isFalse();
        CacheEntry entry = caches.find(repository.id(), MAIN, "npm-abc", "v1").orElseThrow();
        assertThat(entry.committed()).isTrue();
        assertThat(entry.size()).isEqualTo(42);
        assertThat(entry.createdAt()).isEqualTo(CREATED);
        assertThat(entry.lastAccessedAt()).isEqualTo(CREATED.plusSeconds(3));
        assertThat(caches.reserve(new NewCacheEntry(repository.id(), 7, MAIN, "npm-abc", "v1", CREATED))).as("once committed").isEmpty();
        assertThat(caches.find(other.id(), reserved.id())).as("another repository's id").isEmpty();
    }

    @Test
    void matchesExactlyOrTheNewestByPrefixOfOneScopeAndVersion() {
        CacheEntry older = committed(MAIN, "npm-linux-1", "v1", 1, CREATED);
        CacheEntry newer = committed(MAIN, "npm-linux-2", "v1", 1, CREATED.plusSeconds(10));
        committed(MAIN, "npm-linux-3", "v2", 1, CREATED.plusSeconds(20));
        committed(FEATURE, "npm-linux-4", "v1", 1, CREATED.plusSeconds(30));
        committed(MAIN, "npm_%x", "v1", 1, CREATED);

        assertThat(caches.match(repository.id(), MAIN, "npm-linux-1", "v1", false)).contains(older);
        assertThat(caches.match(repository.id(), MAIN, "npm-linux", "v1", false)).isEmpty();
        assertThat(caches.match(repository.id(), MAIN, "npm-linux", "v1", true)).contains(newer);
        assertThat(caches.match(repository.id(), MAIN, "npm-linux-1", "v1", true)).contains(older);
        assertThat(caches.match(repository.id(), MAIN, "npm-mac", "v1", true)).isEmpty();
        assertThat(caches.match(repository.id(), MAIN, "npm%", "v1", true)).as("% is no wildcard").isEmpty();
        assertThat(caches.match(repository.id(), MAIN, "npm_", "v1", true)).as("_ is no wildcard").isPresent()
                .get().extracting(CacheEntry::key).isEqualTo("npm_%x");
        assertThat(caches.match(other.id(), MAIN, "npm-linux", "v1", true)).isEmpty();
    }

    @Test
    void listsFilterSortAndPageCommittedEntries() {
        CacheEntry a = committed(MAIN, "a-1", "v1", 30, CREATED);
        CacheEntry b = committed(MAIN, "a-2", "v1", 10, CREATED.plusSeconds(1));
        CacheEntry c = committed(FEATURE, "b-1", "v1", 20, CREATED.plusSeconds(2));
        caches.reserve(new NewCacheEntry(repository.id(), 7, MAIN, "a-3", "v1", CREATED.plusSeconds(3)));
        caches.touch(a.id(), CREATED.plusSeconds(100));

        var all = caches.list(repository.id(), Optional.empty(), Optional.empty(), CacheSort.LAST_ACCESSED_AT, false, new PageRequest(1, 2));
        assertThat(all.totalCount()).isEqualTo(3);
        assertThat(all.items()).extracting(CacheEntry::id).containsExactly(a.id(), c.id());
        assertThat(caches.list(repository.id(), Optional.empty(), Optional.empty(), CacheSort.SIZE_IN_BYTES, true, new PageRequest(1, 30))
                .items()).extracting(CacheEntry::id).containsExactly(b.id(), c.id(), a.id());
        assertThat(caches.list(repository.id(), Optional.of("a-"), Optional.empty(), CacheSort.CREATED_AT, true, new PageRequest(1, 30))
                .items()).extracting(CacheEntry::id).containsExactly(a.id(), b.id());
        assertThat(caches.list(repository.id(), Optional.empty(), Optional.of(FEATURE), CacheSort.CREATED_AT, false,
                new PageRequest(1, 30)).items()).containsExactly(c);
        assertThat(caches.list(repository.id(), Optional.empty(), Optional.empty(), CacheSort.CREATED_AT, false, new PageRequest(2, 2))
                .items()).extracting(CacheEntry::id).containsExactly(a.id());
        assertThat(caches.findByKey(repository.id(), "a-1", Optional.empty())).extracting(CacheEntry::id).containsExactly(a.id());
        assertThat(caches.findByKey(repository.id(), "a-1", Optional.of(FEATURE))).isEmpty();
        assertThat(caches.findByKey(repository.id(), "a-", Optional.empty())).as("exact keys only").isEmpty();
        assertThat(caches.usage(repository.id())).isEqualTo(new CacheUsage(3, 60));
        assertThat(caches.usage(other.id())).isEqualTo(new CacheUsage(0, 0));
    }

    @Test
    void evictionCandidates() {
        CacheEntry used = committed(MAIN, "used", "v1", 1, CREATED);
        CacheEntry unused = committed(MAIN, "unused", "v1", 1, CREATED.plusSeconds(1));
        caches.touch(used.id(), CREATED.plusSeconds(50));
        CacheEntry abandoned = caches.reserve(new NewCacheEntry(other.id(), 7, MAIN, "x", "v1", CREATED)).orElseThrow();

        assertThat(caches.leastRecentlyUsed(repository.id(), 10)).extracting(CacheEntry::id).containsExactly(unused.id(), used.id());
        assertThat(caches.leastRecentlyUsed(repository.id(), 1)).extracting(CacheEntry::id).containsExactly(unused.id());
        assertThat(caches.repositoriesWithEntries()).containsExactly(repository.id());
        assertThat(caches.reservedBefore(CREATED.plusSeconds(1), 10)).containsExactly(abandoned);
        assertThat(caches.reservedBefore(CREATED, 10)).isEmpty();
    }

    @Test
    void chunksAreKeptByStartAndGoWithTheirEntry() {
        CacheEntry reserved = caches.reserve(new NewCacheEntry(repository.id(), 7, MAIN, "k", "v1", CREATED)).orElseThrow();
        caches.addChunk(reserved.id(), new CacheChunk(10, 19));
        caches.addChunk(reserved.id(), new CacheChunk(0, 9));
        caches.addChunk(reserved.id(), new CacheChunk(10, 14));

        assertThat(caches.chunks(reserved.id())).containsExactly(new CacheChunk(0, 9), new CacheChunk(10, 14));
        assertThat(caches.delete(reserved.id())).isTrue();
        assertThat(caches.delete(reserved.id())).isFalse();
        assertThat(count("cache_chunks")).isZero();

        committed(MAIN, "k", "v1", 1, CREATED);
        new SqlRepositoryStore(database).delete(repository.id());
        assertThat(count("cache_entries")).isZero();
    }
}
