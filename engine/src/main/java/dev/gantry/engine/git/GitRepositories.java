package dev.gantry.engine.git;

import dev.gantry.engine.ErrorCategory;
import dev.gantry.engine.GantryException;
import dev.gantry.engine.Remembered;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.errors.AmbiguousObjectException;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.errors.RevisionSyntaxException;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The git storage of every hosted repository: one bare repository per Gantry repository, named by
 * its numeric id ({@code <root>/<id>.git}). Names never reach the file system, so a repository
 * name cannot escape the root, and renaming or transferring a repository moves nothing.
 *
 * <p>Thread-safe: every call opens the repository it needs and closes it again; JGit shares pack
 * file caches across opened instances, but opening still reads the config, the refs and the pack
 * list, so a caller with several reads opens one {@link Reader}. Opened repositories are not kept
 * between calls: one kept open could miss a push written by another node to a shared git directory
 * (JGit rescans refs and packs by file timestamps, which shared file systems do not always keep).
 */
public final class GitRepositories {
    /** Commits remembered by full id; a run listing shows a page of runs, most of them of a few commits. */
    private static final int REMEMBERED_COMMITS = 4096;
    private static final java.util.regex.Pattern FULL_ID = java.util.regex.Pattern.compile("[0-9a-f]{40}");

    private final Path root;
    /**
     * A commit named by its full id never changes, so it is read from git once: opening the
     * repository and parsing the commit was a quarter of the CPU of {@code GET …/actions/runs/{id}}.
     * Least recently used entries go first; a deleted repository's entries go with it.
     */
    private final Map<CommitKey, GitCommit> commits = Remembered.atMost(REMEMBERED_COMMITS);

    private record CommitKey(long repositoryId, String sha) {}

    /** @param root the directory holding the bare repositories, e.g. {@code <data-dir>/git} */
    public GitRepositories(Path root) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath();
    }

    /** Work done with an opened repository; its I/O failures surface as {@link UncheckedIOException}. */
    @FunctionalInterface
    public interface GitWork<T> {
        T apply(Repository repository) throws IOException;
    }

    /** Creates an empty bare repository whose {@code HEAD} names {@code defaultBranch}. */
    public void create(long repositoryId, String defaultBranch) {
        Path directory = directory(repositoryId);
        if (Files.exists(directory)) {
            // Ids are never reused while their storage exists; storage left behind means a delete went wrong.
            throw new IllegalStateException("git storage of repository " + repositoryId + " already exists");
        }
        try {
            Files.createDirectories(root);
            try (Repository repository = new FileRepositoryBuilder().setGitDir(directory.toFile()).setBare().build()) {
                repository.create(true);
                StoredConfig config = repository.getConfig();
                // Hosted repositories keep no reflogs: history of ref moves is the push events' job.
                config.setBoolean("core", null, "logAllRefUpdates", false);
                config.save();
                pointHeadAt(repository, defaultBranch);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create git storage of repository " + repositoryId, e);
        }
    }

    public boolean exists(long repositoryId) {
        return Files.isDirectory(directory(repositoryId));
    }

    /** Removes the repository's storage; deleting storage that does not exist does nothing. */
    public void delete(long repositoryId) {
        synchronized (commits) {
            commits.keySet().removeIf(key -> key.repositoryId() == repositoryId);
        }
        Path directory = directory(repositoryId);
        if (!Files.exists(directory)) {
            return;
        }
        try {
            Files.walkFileTree(directory, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path visited, IOException failure) throws IOException {
                    if (failure != null) {
                        throw failure;
                    }
                    Files.delete(visited);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete git storage of repository " + repositoryId, e);
        }
    }

    /**
     * Opens the repository; the caller closes it.
     *
     * @throws GantryException {@link ErrorCategory#NOT_FOUND} when the repository has no storage
     */
    public Repository open(long repositoryId) {
        Path directory = directory(repositoryId);
        if (!Files.isDirectory(directory)) {
            throw GantryException.notFound();
        }
        try {
            return new FileRepositoryBuilder().setGitDir(directory.toFile()).setBare().setMustExist(true).build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open git storage of repository " + repositoryId, e);
        }
    }

    /** Runs {@code work} with the opened repository and closes it afterwards. */
    public <T> T withRepository(long repositoryId, GitWork<T> work) {
        try (Repository repository = open(repositoryId)) {
            return work.apply(repository);
        } catch (IOException e) {
            throw new UncheckedIOException("git operation on repository " + repositoryId + " failed", e);
        }
    }

    /** Points {@code HEAD} at {@code branch}, which is what a clone checks out. */
    public void setDefaultBranch(long repositoryId, String branch) {
        withRepository(repositoryId, repository -> {
            pointHeadAt(repository, branch);
            return null;
        });
    }

    /**
     * Creates the first commit of {@code branch} from {@code files} (paths relative to the root,
     * {@code /}-separated), without a work tree: blobs and trees go straight into the object
     * database. This is {@code auto_init}.
     *
     * @return the new commit's id
     * @throws GantryException {@link ErrorCategory#CONFLICT} when the branch already exists
     */
    public String commitInitialFiles(long repositoryId, String branch, Map<String, byte[]> files,
            PersonIdent author, String message) {
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(message, "message");
        String refName = Constants.R_HEADS + branch;
        return withRepository(repositoryId, repository -> {
            ObjectId commitId;
            try (ObjectInserter inserter = repository.newObjectInserter()) {
                DirCache index = DirCache.newInCore();
                DirCacheBuilder builder = index.builder();
                // The DirCache builder needs entries in path order.
                for (Map.Entry<String, byte[]> file : new TreeMap<>(files).entrySet()) {
                    DirCacheEntry entry = new DirCacheEntry(file.getKey());
                    entry.setFileMode(FileMode.REGULAR_FILE);
                    entry.setLength(file.getValue().length);
                    entry.setObjectId(inserter.insert(Constants.OBJ_BLOB, file.getValue()));
                    builder.add(entry);
                }
                builder.finish();
                CommitBuilder commit = new CommitBuilder();
                commit.setTreeId(index.writeTree(inserter));
                commit.setAuthor(author);
                commit.setCommitter(author);
                commit.setMessage(message.endsWith("\n") ? message : message + "\n");
                commitId = inserter.insert(commit);
                inserter.flush();
            }
            RefUpdate update = repository.updateRef(refName);
            update.setNewObjectId(commitId);
            update.setExpectedOldObjectId(ObjectId.zeroId());
            update.setRefLogMessage("commit (initial): " + message, false);
            RefUpdate.Result result = update.update();
            if (result != RefUpdate.Result.NEW) {
                throw new GantryException(ErrorCategory.CONFLICT, "Branch " + branch + " already exists (" + result + ")");
            }
            return commitId.name();
        });
    }

    /**
     * Resolves a ref name ({@code refs/heads/main}, {@code main}, {@code v1}) or a full or
     * abbreviated commit id to the id of the commit it names; tags are peeled to their commit.
     */
    public Optional<String> resolve(long repositoryId, String refOrSha) {
        Objects.requireNonNull(refOrSha, "refOrSha");
        return withRepository(repositoryId, repository -> resolveCommit(repository, refOrSha).map(ObjectId::name));
    }

    /**
     * Opens the repository for several reads; the caller closes it. Opening reads its config, refs
     * and pack list, so a caller with more than one read (a dispatch resolves its ref, then reads
     * the workflow file) opens once. Each read sees the refs as they are when it is made.
     *
     * @throws GantryException {@link ErrorCategory#NOT_FOUND} when the repository has no storage
     */
    public Reader reader(long repositoryId) {
        return new Reader(repositoryId, open(repositoryId));
    }

    /** An opened repository's reads: the same answers as {@link GitRepositories}' own methods of these names. */
    public static final class Reader implements AutoCloseable {
        private final long repositoryId;
        private final Repository repository;

        private Reader(long repositoryId, Repository repository) {
            this.repositoryId = repositoryId;
            this.repository = repository;
        }

        /** @see GitRepositories#resolve */
        public Optional<String> resolve(String refOrSha) {
            Objects.requireNonNull(refOrSha, "refOrSha");
            return read(repository -> resolveCommit(repository, refOrSha).map(ObjectId::name));
        }

        /** @see GitRepositories#readBlob */
        public Optional<GitBlob> readBlob(String commitSha, String path) {
            return read(repository -> GitRepositories.readBlob(repository, commitSha, path));
        }

        /** @see GitRepositories#listFiles */
        public List<String> listFiles(String commitSha, String directory) {
            return read(repository -> GitRepositories.listFiles(repository, commitSha, directory));
        }

        private <T> T read(GitWork<T> work) {
            try {
                return work.apply(repository);
            } catch (IOException e) {
                throw new UncheckedIOException("git operation on repository " + repositoryId + " failed", e);
            }
        }

        @Override
        public void close() {
            repository.close();
        }
    }

    /** The commit {@code refOrSha} names; empty when it names none. */
    public Optional<GitCommit> commit(long repositoryId, String refOrSha) {
        Objects.requireNonNull(refOrSha, "refOrSha");
        // A ref moves, so only a full id is remembered; a missing commit is not (it may be pushed next).
        Optional<CommitKey> key = FULL_ID.matcher(refOrSha).matches() ? Optional.of(new CommitKey(repositoryId, refOrSha)) : Optional.empty();
        Optional<GitCommit> remembered = key.map(commits::get);
        if (remembered.isPresent()) {
            return remembered;
        }
        Optional<GitCommit> found = withRepository(repositoryId, repository -> {
            Optional<ObjectId> commit = resolveCommit(repository, refOrSha);
            if (commit.isEmpty()) {
                return Optional.empty();
            }
            try (RevWalk walk = new RevWalk(repository)) {
                return Optional.of(GitCommit.of(walk.parseCommit(commit.get())));
            }
        });
        found.ifPresent(commit -> key.ifPresent(full -> commits.put(full, commit)));
        return found;
    }

    /** The content of the file at {@code path} in commit {@code commitSha}; empty when there is no such file. */
    public Optional<byte[]> readFile(long repositoryId, String commitSha, String path) {
        return readBlob(repositoryId, commitSha, path).map(GitBlob::content);
    }

    /** The file at {@code path} in commit {@code commitSha} with its blob id; empty when there is no such file. */
    public Optional<GitBlob> readBlob(long repositoryId, String commitSha, String path) {
        return withRepository(repositoryId, repository -> readBlob(repository, commitSha, path));
    }

    private static Optional<GitBlob> readBlob(Repository repository, String commitSha, String path) throws IOException {
        String relative = relativePath(path);
        if (relative.isEmpty()) {
            return Optional.empty();
        }
        Optional<ObjectId> commit = resolveCommit(repository, commitSha);
        if (commit.isEmpty()) {
            return Optional.empty();
        }
        try (RevWalk walk = new RevWalk(repository);
                TreeWalk tree = TreeWalk.forPath(repository, relative, walk.parseCommit(commit.get()).getTree())) {
            if (tree == null || !isFile(tree.getFileMode(0))) {
                return Optional.empty();
            }
            ObjectId blob = tree.getObjectId(0);
            return Optional.of(new GitBlob(blob.name(), repository.open(blob, Constants.OBJ_BLOB).getBytes()));
        }
    }

    /**
     * The files (not directories, symbolic links or submodules) directly inside {@code directory}
     * in commit {@code commitSha}, as full paths in git's order. Not recursive, because GitHub reads
     * workflows only from {@code .github/workflows} itself. {@code ""} or {@code "/"} is the root;
     * an absent directory has no files.
     */
    public List<String> listFiles(long repositoryId, String commitSha, String directory) {
        return withRepository(repositoryId, repository -> listFiles(repository, commitSha, directory));
    }

    private static List<String> listFiles(Repository repository, String commitSha, String directory) throws IOException {
        String relative = relativePath(directory);
        Optional<ObjectId> commit = resolveCommit(repository, commitSha);
        if (commit.isEmpty()) {
            return List.of();
        }
        try (RevWalk walk = new RevWalk(repository); TreeWalk tree = new TreeWalk(repository)) {
            RevCommit revCommit = walk.parseCommit(commit.get());
            if (relative.isEmpty()) {
                tree.addTree(revCommit.getTree());
            } else {
                try (TreeWalk directoryWalk = TreeWalk.forPath(repository, relative, revCommit.getTree())) {
                    if (directoryWalk == null || directoryWalk.getFileMode(0) != FileMode.TREE) {
                        return List.of();
                    }
                    tree.addTree(directoryWalk.getObjectId(0));
                }
            }
            tree.setRecursive(false);
            String prefix = relative.isEmpty() ? "" : relative + "/";
            List<String> files = new ArrayList<>();
            while (tree.next()) {
                if (isFile(tree.getFileMode(0))) {
                    files.add(prefix + tree.getPathString());
                }
            }
            return List.copyOf(files);
        }
    }

    Path directory(long repositoryId) {
        if (repositoryId <= 0) {
            throw new IllegalArgumentException("repository id must be positive: " + repositoryId);
        }
        return root.resolve(repositoryId + ".git");
    }

    private static void pointHeadAt(Repository repository, String branch) throws IOException {
        if (!Repository.isValidRefName(Constants.R_HEADS + branch)) {
            throw new IllegalArgumentException("not a valid branch name: " + branch);
        }
        RefUpdate head = repository.updateRef(Constants.HEAD);
        head.disableRefLog();
        RefUpdate.Result result = head.link(Constants.R_HEADS + branch);
        if (result != RefUpdate.Result.NEW && result != RefUpdate.Result.FORCED && result != RefUpdate.Result.NO_CHANGE) {
            throw new IOException("cannot point HEAD at " + branch + ": " + result);
        }
    }

    /** Peels whatever {@code revision} names to a commit; anything that is not one resolves to nothing. */
    private static Optional<ObjectId> resolveCommit(Repository repository, String revision) throws IOException {
        if (revision == null || revision.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(repository.resolve(revision + "^{commit}"));
        } catch (RevisionSyntaxException | MissingObjectException | IncorrectObjectTypeException
                | AmbiguousObjectException e) {
            return Optional.empty();
        }
    }

    private static boolean isFile(FileMode mode) {
        return mode == FileMode.REGULAR_FILE || mode == FileMode.EXECUTABLE_FILE;
    }

    private static String relativePath(String path) {
        String trimmed = Objects.requireNonNull(path, "path");
        while (trimmed.startsWith("/")) {
            trimmed = trimmed.substring(1);
        }
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }
}
