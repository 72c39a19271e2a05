package dev.gantry.engine.git;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.engine.event.PushEvent;
import dev.gantry.engine.event.PushedCommit;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TagBuilder;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Builds commits straight into a bare repository and applies ref updates as a push would. */
class TestPushEvents {
    private static final long REPOSITORY_ID = 5;
    private static final long PUSHER_ID = 42;

    @TempDir
    Path root;

    private Repository repository;
    private int clock;

    @BeforeEach
    void setUp() {
        GitRepositories repositories = new GitRepositories(root);
        repositories.create(REPOSITORY_ID, "main");
        repository = repositories.open(REPOSITORY_ID);
    }

    @AfterEach
    void tearDown() {
        repository.close();
    }

    @Test
    void newBranchListsItsCommitsOldestFirstWithAddedFiles() throws IOException {
        ObjectId first = commit(null, Map.of("README.md", "hello"), "first");
        ObjectId second = commit(first, Map.of("README.md", "hello", "src/app.txt", "app"), "second");

        List<PushEvent> events = push(update("refs/heads/main", ObjectId.zeroId(), second));

        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.repositoryId()).isEqualTo(REPOSITORY_ID);
            assertThat(event.pusherId()).isEqualTo(PUSHER_ID);
            assertThat(event.ref()).isEqualTo("refs/heads/main");
            assertThat(event.before()).isEqualTo(PushEvent.ZERO_ID);
            assertThat(event.after()).isEqualTo(second.name());
            assertThat(event.created()).isTrue();
            assertThat(event.deleted()).isFalse();
            assertThat(event.forced()).isFalse();
            assertThat(event.commits()).extracting(PushedCommit::id).containsExactly(first.name(), second.name());
            assertThat(event.commits().get(0).added()).containsExactly("README.md");
            assertThat(event.commits().get(0).message()).isEqualTo("first\n");
            assertThat(event.commits().get(0).authorName()).isEqualTo("Mona");
            assertThat(event.commits().get(0).authorEmail()).isEqualTo("mona@example.com");
            assertThat(event.commits().get(0).committerName()).isEqualTo("Hubot");
            assertThat(event.commits().get(0).timestamp()).isEqualTo(Instant.parse("2026-01-01T00:00:01Z"));
            assertThat(event.commits().get(1).added()).containsExactly("src/app.txt");
            assertThat(event.commits().get(1).modified()).isEmpty();
        });
    }

    @Test
    void updateListsOnlyCommitsTheOldTipDidNotReachWithTheirChanges() throws IOException {
        ObjectId first = commit(null, Map.of("a.txt", "a", "b.txt", "b"), "first");
        push(update("refs/heads/main", ObjectId.zeroId(), first));
        ObjectId second = commit(first, Map.of("a.txt", "a2", "c.txt", "c"), "second");

        PushEvent event = push(update("refs/heads/main", first, second)).getFirst();

        assertThat(event.created()).isFalse();
        assertThat(event.forced()).isFalse();
        assertThat(event.before()).isEqualTo(first.name());
        assertThat(event.commits()).singleElement().satisfies(commit -> {
            assertThat(commit.id()).isEqualTo(second.name());
            assertThat(commit.added()).containsExactly("c.txt");
            assertThat(commit.removed()).containsExactly("b.txt");
            assertThat(commit.modified()).containsExactly("a.txt");
        });
    }

    @Test
    void newBranchFromAnExistingBranchListsOnlyItsOwnCommits() throws IOException {
        ObjectId base = commit(null, Map.of("a.txt", "a"), "base");
        push(update("refs/heads/main", ObjectId.zeroId(), base));
        ObjectId feature = commit(base, Map.of("a.txt", "a", "f.txt", "f"), "feature");

        PushEvent onlyFeature = push(update("refs/heads/feature", ObjectId.zeroId(), feature)).getFirst();
        PushEvent atAnExistingCommit = push(update("refs/heads/copy", ObjectId.zeroId(), base)).getFirst();

        assertThat(onlyFeature.commits()).extracting(PushedCommit::id).containsExactly(feature.name());
        assertThat(atAnExistingCommit.commits()).isEmpty();
    }

    @Test
    void refsPushedTogetherEachListTheCommitsNoRefHadBefore() throws IOException {
        ObjectId first = commit(null, Map.of("a.txt", "a"), "first");

        List<PushEvent> events = push(
                update("refs/heads/main", ObjectId.zeroId(), first),
                update("refs/heads/other", ObjectId.zeroId(), first));

        assertThat(events).extracting(PushEvent::ref).containsExactly("refs/heads/main", "refs/heads/other");
        assertThat(events).allSatisfy(event -> assertThat(event.commits()).hasSize(1));
    }

    @Test
    void rewritingHistoryIsForcedAndDeletingIsDeleted() throws IOException {
        ObjectId first = commit(null, Map.of("a.txt", "a"), "first");
        ObjectId second = commit(first, Map.of("a.txt", "b"), "second");
        push(update("refs/heads/main", ObjectId.zeroId(), second));
        ObjectId rewritten = commit(first, Map.of("a.txt", "c"), "rewritten");

        PushEvent forced = push(update("refs/heads/main", second, rewritten)).getFirst();
        PushEvent deleted = push(update("refs/heads/main", rewritten, ObjectId.zeroId())).getFirst();

        assertThat(forced.forced()).isTrue();
        assertThat(forced.commits()).extracting(PushedCommit::id).containsExactly(rewritten.name());
        assertThat(deleted.deleted()).isTrue();
        assertThat(deleted.forced()).isFalse();
        assertThat(deleted.after()).isEqualTo(PushEvent.ZERO_ID);
        assertThat(deleted.commits()).isEmpty();
    }

    @Test
    void annotatedTagIsPeeledToItsCommit() throws IOException {
        ObjectId first = commit(null, Map.of("a.txt", "a"), "first");
        push(update("refs/heads/main", ObjectId.zeroId(), first));
        ObjectId tag = annotatedTag(first, "v1");

        PushEvent event = push(update("refs/tags/v1", ObjectId.zeroId(), tag)).getFirst();

        assertThat(event.ref()).isEqualTo("refs/tags/v1");
        assertThat(event.after()).isEqualTo(tag.name());
        assertThat(event.commits()).as("the commit was already on main").isEmpty();
    }

    @Test
    void rejectedCommandsPublishNothing() throws IOException {
        ObjectId first = commit(null, Map.of("a.txt", "a"), "first");
        ReceiveCommand rejected = new ReceiveCommand(ObjectId.zeroId(), first, "refs/heads/main");
        rejected.setResult(ReceiveCommand.Result.REJECTED_OTHER_REASON, "no");

        assertThat(PushEvents.fromCommands(repository, REPOSITORY_ID, PUSHER_ID, List.of(rejected))).isEmpty();
    }

    @Test
    void listsAtMostTheNewestCapCommits() throws IOException {
        // In memory: thousands of loose objects on disk would make this test take seconds.
        repository.close();
        repository = new InMemoryRepository(new DfsRepositoryDescription("many-commits"));
        ObjectId tip = null;
        ObjectId second = null;
        int total = PushEvents.MAX_COMMITS + 2;
        for (int index = 0; index < total; index++) {
            tip = commit(tip, Map.of("n.txt", Integer.toString(index)), "commit " + index);
            if (index == 2) {
                second = tip;
            }
        }

        PushEvent event = push(update("refs/heads/main", ObjectId.zeroId(), tip)).getFirst();

        assertThat(event.commits()).hasSize(PushEvents.MAX_COMMITS);
        assertThat(event.commits().getFirst().id()).isEqualTo(second.name());
        assertThat(event.commits().getLast().id()).isEqualTo(tip.name());
    }

    /** Applies the updates to the refs, as ReceivePack does before its post-receive hook. */
    private List<PushEvent> push(ReceiveCommand... commands) throws IOException {
        for (ReceiveCommand command : commands) {
            RefUpdate update = repository.updateRef(command.getRefName());
            update.setExpectedOldObjectId(command.getOldId());
            update.setForceUpdate(true);
            RefUpdate.Result result;
            if (command.getNewId().equals(ObjectId.zeroId())) {
                result = update.delete();
            } else {
                update.setNewObjectId(command.getNewId());
                result = update.update();
            }
            assertThat(result).isIn(RefUpdate.Result.NEW, RefUpdate.Result.FORCED, RefUpdate.Result.FAST_FORWARD);
            command.setResult(ReceiveCommand.Result.OK);
        }
        return PushEvents.fromCommands(repository, REPOSITORY_ID, PUSHER_ID, List.of(commands));
    }

    private static ReceiveCommand update(String ref, ObjectId oldId, ObjectId newId) {
        return new ReceiveCommand(oldId, newId, ref);
    }

    /** A commit whose tree is exactly {@code files}. */
    private ObjectId commit(ObjectId parent, Map<String, String> files, String message) throws IOException {
        try (ObjectInserter inserter = repository.newObjectInserter()) {
            DirCache index = DirCache.newInCore();
            DirCacheBuilder builder = index.builder();
            for (Map.Entry<String, String> file : new TreeMap<>(files).entrySet()) {
                DirCacheEntry entry = new DirCacheEntry(file.getKey());
                entry.setFileMode(FileMode.REGULAR_FILE);
                entry.setObjectId(inserter.insert(Constants.OBJ_BLOB, file.getValue().getBytes(UTF_8)));
                builder.add(entry);
            }
            builder.finish();
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(index.writeTree(inserter));
            if (parent != null) {
                commit.setParentId(parent);
            }
            clock++;
            Instant when = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(clock);
            commit.setAuthor(new PersonIdent("Mona", "mona@example.com", when, ZoneOffset.UTC));
            commit.setCommitter(new PersonIdent("Hubot", "hubot@example.com", when, ZoneOffset.UTC));
            commit.setMessage(message + "\n");
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            return id;
        }
    }

    private ObjectId annotatedTag(ObjectId target, String name) throws IOException {
        try (ObjectInserter inserter = repository.newObjectInserter()) {
            TagBuilder tag = new TagBuilder();
            tag.setObjectId(target, Constants.OBJ_COMMIT);
            tag.setTag(name);
            tag.setTagger(new PersonIdent("Mona", "mona@example.com", Instant.parse("2026-01-02T00:00:00Z"), ZoneOffset.UTC));
            tag.setMessage("release\n");
            ObjectId id = inserter.insert(tag);
            inserter.flush();
            return id;
        }
    }
}
