package dev.gantry.engine.git;

import dev.gantry.engine.event.PushEvent;
import dev.gantry.engine.event.PushedCommit;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevSort;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.eclipse.jgit.util.io.DisabledOutputStream;

/**
 * Turns the ref updates of a push into {@link PushEvent}s, one per updated ref, in the shape of
 * GitHub's {@code push} payload. Called after the refs were updated (post-receive), so the
 * repository already holds the new objects and the new ref values.
 */
public final class PushEvents {
    /** GitHub lists at most this many commits in a push payload. */
    public static final int MAX_COMMITS = 2048;

    private PushEvents() {
    }

    /**
     * One event per command whose result is {@link ReceiveCommand.Result#OK}, in command order;
     * rejected commands changed nothing and produce no event.
     */
    public static List<PushEvent> fromCommands(Repository repository, long repositoryId, long pusherId,
            Collection<ReceiveCommand> commands) throws IOException {
        List<ReceiveCommand> applied = commands.stream()
                .filter(command -> command.getResult() == ReceiveCommand.Result.OK)
                .toList();
        if (applied.isEmpty()) {
            return List.of();
        }
        Set<ObjectId> tipsBeforePush = tipsBeforePush(repository, applied);
        List<PushEvent> events = new ArrayList<>(applied.size());
        try (RevWalk walk = new RevWalk(repository)) {
            for (ReceiveCommand command : applied) {
                events.add(event(repository, walk, repositoryId, pusherId, command, tipsBeforePush));
            }
        }
        return List.copyOf(events);
    }

    private static PushEvent event(Repository repository, RevWalk walk, long repositoryId, long pusherId,
            ReceiveCommand command, Set<ObjectId> tipsBeforePush) throws IOException {
        ObjectId oldId = command.getOldId();
        ObjectId newId = command.getNewId();
        boolean created = oldId.equals(ObjectId.zeroId());
        boolean deleted = newId.equals(ObjectId.zeroId());
        List<PushedCommit> commits = List.of();
        boolean forced = false;
        if (!deleted) {
            RevCommit newTip = peelToCommit(walk, newId);
            RevCommit oldTip = created ? null : peelToCommit(walk, oldId);
            forced = oldTip != null && newTip != null && !walk.isMergedInto(oldTip, newTip);
            if (newTip != null) {
                // A new ref lists only the commits no ref had before this push, as GitHub does;
                // an updated ref lists what its old tip did not reach.
                commits = newCommits(repository, newTip, created ? tipsBeforePush : Set.of(oldId));
            }
        }
        return new PushEvent(repositoryId, command.getRefName(), oldId.name(), newId.name(), pusherId,
                created, deleted, forced, commits);
    }

    /** Commits reachable from {@code tip} and from none of {@code excluded}, oldest first, at most {@link #MAX_COMMITS}. */
    private static List<PushedCommit> newCommits(Repository repository, ObjectId tip, Set<ObjectId> excluded)
            throws IOException {
        // A walk of its own: a topological sort on the shared walk would slow its ancestry checks.
        try (RevWalk walk = new RevWalk(repository);
                DiffFormatter diff = new DiffFormatter(DisabledOutputStream.INSTANCE)) {
            walk.sort(RevSort.TOPO, true);
            walk.markStart(walk.parseCommit(tip));
            for (ObjectId excludedTip : excluded) {
                RevCommit commit = peelToCommit(walk, excludedTip);
                if (commit != null) {
                    walk.markUninteresting(commit);
                }
            }
            // The walk yields children before parents; keeping the first MAX_COMMITS keeps the
            // newest, so the head commit is always listed.
            List<RevCommit> newestFirst = new ArrayList<>();
            for (RevCommit commit : walk) {
                newestFirst.add(commit);
                if (newestFirst.size() == MAX_COMMITS) {
                    break;
                }
            }
            diff.setRepository(repository);
            diff.setDetectRenames(false);
            List<PushedCommit> commits = new ArrayList<>(newestFirst.size());
            for (int index = newestFirst.size() - 1; index >= 0; index--) {
                commits.add(pushedCommit(walk, diff, newestFirst.get(index)));
            }
            return commits;
        }
    }

    private static PushedCommit pushedCommit(RevWalk walk, DiffFormatter diff, RevCommit commit) throws IOException {
        // Compared with the first parent, as GitHub's payload does for merges; a root commit adds every file.
        RevCommit parent = commit.getParentCount() == 0 ? null : walk.parseCommit(commit.getParent(0));
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<String> modified = new ArrayList<>();
        for (DiffEntry entry : diff.scan(parent == null ? null : parent.getTree(), commit.getTree())) {
            switch (entry.getChangeType()) {
                case ADD, COPY -> added.add(entry.getNewPath());
                case DELETE -> removed.add(entry.getOldPath());
                case MODIFY -> modified.add(entry.getNewPath());
                case RENAME -> {
                    removed.add(entry.getOldPath());
                    added.add(entry.getNewPath());
                }
            }
        }
        PersonIdent author = commit.getAuthorIdent();
        PersonIdent committer = commit.getCommitterIdent();
        return new PushedCommit(commit.name(), commit.getFullMessage(), author.getWhenAsInstant(),
                author.getName(), author.getEmailAddress(), committer.getName(), committer.getEmailAddress(),
                added, removed, modified);
    }

    /**
     * The tips of every ref as they were before the push: refs the push did not touch as they are
     * now, and the pushed refs at their old ids. Measuring "new" against the state before the push
     * means two branches pushed together each list their commits.
     */
    private static Set<ObjectId> tipsBeforePush(Repository repository, List<ReceiveCommand> applied) throws IOException {
        Map<String, ObjectId> tips = new HashMap<>();
        for (Ref ref : repository.getRefDatabase().getRefs()) {
            if (!ref.isSymbolic() && ref.getObjectId() != null) {
                tips.put(ref.getName(), ref.getObjectId());
            }
        }
        for (ReceiveCommand command : applied) {
            if (command.getOldId().equals(ObjectId.zeroId())) {
                tips.remove(command.getRefName());
            } else {
                tips.put(command.getRefName(), command.getOldId());
            }
        }
        return tips.values().stream().collect(Collectors.toUnmodifiableSet());
    }

    /** The commit an id names, through annotated tags; null for trees, blobs or missing objects. */
    private static RevCommit peelToCommit(RevWalk walk, ObjectId id) throws IOException {
        RevObject object;
        try {
            object = walk.peel(walk.parseAny(id));
        } catch (MissingObjectException e) {
            return null;
        }
        return object instanceof RevCommit commit ? walk.parseCommit(commit) : null;
    }
}
