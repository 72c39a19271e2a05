package dev.gantry.store;

import static dev.gantry.store.StoreFixtures.CREATED;
import static dev.gantry.store.StoreFixtures.repository;
import static dev.gantry.store.StoreFixtures.user;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.engine.ErrorCategory;
import dev.gantry.engine.GantryException;
import dev.gantry.engine.caches.CacheChunk;
import dev.gantry.engine.caches.CacheEntry;
import dev.gantry.engine.caches.CacheLimitLevel;
import dev.gantry.engine.caches.CacheLimits;
import dev.gantry.engine.caches.CacheSettings;
import dev.gantry.engine.caches.Caches;
import dev.gantry.engine.repository.Repository;
import dev.gantry.engine.runtime.CacheScope;
import dev.gantry.engine.runtime.RuntimeGrant;
import dev.gantry.testing.TestingClock;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The caches use case over a real store and blob store: GitHub's matching across scopes, immutability, v1 chunks, eviction. */
abstract class CachesContract extends DatabaseContract {
    private static final String VERSION = "a1b2";
    private final TestingClock clock = new TestingClock(CREATED);
    private long storageLimit = CacheLimits.DEFAULT_STORAGE_BYTES;
    private final Set<Long> runningJobs = new HashSet<>(Set.of(2L, 3L));
    @TempDir
    Path blobRoot;
    private Caches caches;
    private Repository repository;

    @BeforeEach
    final void createUseCase() {
        CacheLimits limits = new CacheLimits() {
            @Override
            public Duration retention(long repositoryId) {
                return Duration.ofDays(7);
            }

            @Override
            public long storageBytes(long repositoryId) {
                return storageLimit;
            }
        };
        caches = new Caches(new SqlCacheStore(database), new FileSystemBlobStore(blobRoot), limits, runningJobs::contains, clock);
        long owner = new SqlAccountStore(database).create(user("octo")).id();
        repository = new SqlRepositoryStore(database).create(repository(owner, "hello"));
    }

    /** Job 2 on {@code ref}, which may also read {@code readOnly} in that order. */
    private RuntimeGrant job(String ref, String... readOnly) {
        return job(2, ref, readOnly);
    }

    private RuntimeGrant job(long jobId, String ref, String... readOnly) {
        List<CacheScope> scopes = new java.util.ArrayList<>(List.of(new CacheScope(ref, CacheScope.READ | CacheScope.WRITE)));
        for (String scope : readOnly) {
            scopes.add(new CacheScope(scope, CacheScope.READ));
        }
        return new RuntimeGrant(1, jobId, repository.id(), scopes);
    }

    private CacheEntry save(RuntimeGrant grant, String key, String content) {
        CacheEntry reserved = caches.reserve(grant, key, VERSION).orElseThrow();
        caches.upload(reserved).put(stream(content));
        clock.advance(Duration.ofSeconds(1));
        return caches.commit(grant, key, VERSION, content.length());
    }

    private String restored(RuntimeGrant grant, String key, String... restoreKeys) {
        return caches.restore(grant, key, List.of(restoreKeys), VERSION).map(entry -> {
            try (InputStream in = caches.open(entry)) {
                return entry.key() + "=" + new String(in.readAllBytes(), UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).orElse("miss");
    }

    @Test
    void restoresByGitHubsOrderOwnRefThenBaseThenDefaultBranch() {
        RuntimeGrant main = job("refs/heads/main");
        RuntimeGrant develop = job("refs/heads/develop", "refs/heads/main");
        RuntimeGrant pull = job("refs/pull/7/merge", "refs/heads/develop", "refs/heads/main");
        save(main, "deps-linux-1", "main one");
        save(main, "deps-linux-2", "main two");
        save(develop, "deps-linux-3", "develop three");

        assertThat(restored(pull, "deps-linux-9", "deps-linux-", "deps-")).isEqualTo("deps-linux-3=develop three");
        assertThat(restored(pull, "deps-linux-1")).as("nothing on the pull request's ref or base: the default branch")
                .isEqualTo("deps-linux-1=main one");
        assertThat(restored(develop, "deps-linux-1", "x")).isEqualTo("deps-linux-1=main one");
        assertThat(restored(develop, "deps-linux-1", "x", "deps-")).as("a restore key on the own ref first").isEqualTo("deps-linux-3=develop three");
        assertThat(restored(main, "deps-linux-1")).isEqualTo("deps-linux-1=main one");
        assertThat(restored(main, "deps-linux")).as("the newest prefix match").isEqualTo("deps-linux-2=main two");
        assertThat(restored(main, "nothing", "nope", "deps-linux-1")).isEqualTo("deps-linux-1=main one");
        assertThat(restored(job("refs/heads/other"), "deps-linux-1")).as("no fallback in the grant").isEqualTo("miss");
        assertThat(caches.restore(main, "deps-linux-1", List.of(), "another version")).isEmpty();
    }

    @Test
    void entriesAreImmutableAndASecondWriterIsTurnedAway() {
        RuntimeGrant main = job("refs/heads/main");
        RuntimeGrant feature = job("refs/heads/feature", "refs/heads/main");
        CacheEntry reserved = caches.reserve(main, "k", VERSION).orElseThrow();

        assertThat(caches.reserve(main, "k", VERSION)).as("a concurrent second writer").isEmpty();
        assertThat(reserved.scope()).isEqualTo("refs/heads/main");
        assertThat(caches.reserve(feature, "k", VERSION).orElseThrow().scope()).as("writes go to the job's own ref").isEqualTo("refs/heads/feature");
        caches.upload(reserved).put(stream("abc"));
        assertThatThrownBy(() -> caches.commit(main, "k", VERSION, 4)).isInstanceOf(GantryException.class)
                .hasMessageContaining("3 bytes uploaded");
        caches.commit(main, "k", VERSION, 3);
        assertThat(caches.reserve(main, "k", VERSION)).as("once committed").isEmpty();
        assertThatThrownBy(() -> caches.commit(main, "k", VERSION, 3)).isInstanceOf(GantryException.class);
        assertThatThrownBy(() -> caches.reserve(new RuntimeGrant(1, 2, repository.id(), List.of(new CacheScope("refs/heads/x",
                CacheScope.READ))), "k2", VERSION)).hasMessageStartingWith("cache write denied:");
    }

    @Test
    void aReservationLeftByAJobThatEndedIsTakenOverByTheNext() {
        RuntimeGrant first = job(3, "refs/heads/main");
        RuntimeGrant second = job(2, "refs/heads/main");
        CacheEntry left = caches.reserve(first, "k", VERSION).orElseThrow();
        caches.upload(left).stageBlock("b", stream("half"));

        assertThat(caches.reserve(second, "k", VERSION)).as("while the first job runs").isEmpty();
        runningJobs.remove(3L);
        CacheEntry taken = caches.reserve(second, "k", VERSION).orElseThrow();
        assertThat(taken.jobId()).isEqualTo(2);
        assertThat(taken.id()).isNotEqualTo(left.id());
        assertThat(caches.reserve(first, "k", VERSION)).as("a running job's reservation stays").isEmpty();
        caches.upload(taken).put(stream("whole"));
        caches.commit(second, "k", VERSION, 5);
        runningJobs.remove(2L);
        assertThat(caches.reserve(job(4, "refs/heads/main"), "k", VERSION)).as("a committed entry stays whoever wrote it").isEmpty();
    }

    @Test
    void keysOver512CharactersOrWithACommaAreRefused() {
        RuntimeGrant main = job("refs/heads/main");
        for (String key : new String[] {"", "a,b", "k".repeat(513)}) {
            assertThatThrownBy(() -> caches.reserve(main, key, VERSION)).isInstanceOf(GantryException.class)
                    .extracting(e -> ((GantryException) e).category()).isEqualTo(ErrorCategory.BAD_REQUEST);
            assertThatThrownBy(() -> caches.restore(main, "ok", List.of(key), VERSION)).isInstanceOf(GantryException.class);
        }
        assertThat(caches.reserve(main, "k".repeat(512), VERSION)).isPresent();
    }

    @Test
    void v1ChunksArriveOutOfOrderAndMustCoverTheEntry() throws IOException {
        RuntimeGrant main = job("refs/heads/main");
        CacheEntry reserved = caches.reserve(main, "chunks", VERSION).orElseThrow();
        caches.writeChunk(main, reserved.id(), new CacheChunk(4, 7), stream("efgh"));
        assertThatThrownBy(() -> caches.commitChunks(main, reserved.id(), 8)).hasMessageContaining("gaps");
        caches.writeChunk(main, reserved.id(), new CacheChunk(0, 3), stream("abcd"));
        assertThatThrownBy(() -> caches.writeChunk(main, reserved.id(), new CacheChunk(8, 9), stream("ijk")))
                .hasMessageContaining("3 bytes");
        assertThatThrownBy(() -> caches.writeChunk(job("refs/heads/other"), reserved.id(), new CacheChunk(0, 0), stream("x")))
                .as("another ref's job").hasMessageContaining("No cache");

        CacheEntry committed = caches.commitChunks(main, reserved.id(), 8);
        try (InputStream in = caches.open(committed)) {
            assertThat(new String(in.readAllBytes(), UTF_8)).isEqualTo("abcdefgh");
        }
    }

    @Test
    void theSweepEvictsUnusedEntriesThenTheLeastRecentlyUsedOverTheLimit() {
        RuntimeGrant main = job("refs/heads/main");
        save(main, "old", "1234567890");
        save(main, "lru", "1234567890");
        save(main, "fresh", "1234567890");
        caches.reserve(main, "abandoned", VERSION);
        clock.advance(Duration.ofDays(6));
        restored(main, "lru");
        restored(main, "fresh");
        clock.advance(Duration.ofDays(1).plusMinutes(1));
        restored(main, "fresh");

        assertThat(caches.sweep()).as("old unused for 7 days, abandoned for a day").isEqualTo(2);
        assertThat(caches.usage(repository.id()).activeCount()).isEqualTo(2);
        storageLimit = 15;
        assertThat(caches.sweep()).as("over the limit: the least recently used goes").isEqualTo(1);
        assertThatThrownBy(() -> caches.reserve(main, "huge", VERSION, Optional.of(16L))).as("larger than the whole limit")
                .hasMessageContaining("over the repository's storage limit");
        CacheEntry tooBig = caches.reserve(main, "huge", VERSION).orElseThrow();
        caches.upload(tooBig).put(stream("1234567890123456"));
        assertThatThrownBy(() -> caches.commit(main, "huge", VERSION, 16)).hasMessageContaining("storage limit");
        assertThat(restored(main, "fresh")).isEqualTo("fresh=1234567890");
        assertThat(restored(main, "lru")).isEqualTo("miss");
        assertThat(caches.reserve(main, "abandoned", VERSION)).isPresent();
    }

    @Test
    void theSweepEnforcesTheRetentionTheSettingsGiveTheRepository() {
        CacheSettings settings = new CacheSettings(new SqlCacheLimitStore(database), new SqlRepositoryStore(database));
        Caches governed = new Caches(new SqlCacheStore(database), new FileSystemBlobStore(blobRoot), settings, runningJobs::contains, clock);
        RuntimeGrant main = job("refs/heads/main");
        CacheEntry reserved = governed.reserve(main, "k", VERSION).orElseThrow();
        governed.upload(reserved).put(stream("abc"));
        governed.commit(main, "k", VERSION, 3);
        clock.advance(Duration.ofDays(2));

        assertThat(governed.sweep()).as("within GitHub's default 7 days").isZero();
        settings.setRetentionDays(CacheLimitLevel.ENTERPRISE, 0, 30);
        settings.setRetentionDays(CacheLimitLevel.REPOSITORY, repository.id(), 1);
        assertThat(settings.retention(repository.id())).isEqualTo(Duration.ofDays(1));
        assertThat(governed.sweep()).as("unused for longer than the repository's 1 day").isEqualTo(1);
        assertThatThrownBy(() -> settings.setRetentionDays(CacheLimitLevel.REPOSITORY, repository.id(), 31))
                .hasMessageContaining("between 1 and 30");
        settings.setSizeGigabytes(CacheLimitLevel.REPOSITORY, repository.id(), 2);
        assertThat(settings.storageBytes(repository.id())).isEqualTo(2_000_000_000L);
    }

    private static InputStream stream(String content) {
        return new ByteArrayInputStream(content.getBytes(UTF_8));
    }
}
