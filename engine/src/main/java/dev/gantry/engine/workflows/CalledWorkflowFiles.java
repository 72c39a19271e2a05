package dev.gantry.engine.workflows;

import dev.gantry.engine.git.GitRepositories;
import dev.gantry.engine.identity.AccountStore;
import dev.gantry.engine.repository.Repository;
import dev.gantry.engine.repository.RepositoryStore;
import dev.gantry.engine.repository.Visibility;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads called reusable workflows from this server's git storage, as {@code uses: owner/repo@ref}
 * actions are: {@code ./} paths from the calling repository at the run's commit, others from the
 * named repository at the named ref. Another repository's workflow is readable when that repository
 * is public (or internal and of the same owner), as GitHub's default access allows; a private one
 * only from itself.
 */
public final class CalledWorkflowFiles {
    private final GitRepositories git;
    private final RepositoryStore repositories;
    private final AccountStore accounts;

    public CalledWorkflowFiles(GitRepositories git, RepositoryStore repositories, AccountStore accounts) {
        this.git = Objects.requireNonNull(git, "git");
        this.repositories = Objects.requireNonNull(repositories, "repositories");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
    }

    /** The source for compiling one workflow of {@code repositoryId} at {@code commitSha}; it reads each file once. */
    public CalledWorkflowSource forCommit(long repositoryId, String commitSha) {
        Map<String, Optional<CalledWorkflowSource.CalledFile>> read = new HashMap<>();
        return reference -> read.computeIfAbsent(reference, ref -> fetch(repositoryId, commitSha, ref));
    }

    private Optional<CalledWorkflowSource.CalledFile> fetch(long repositoryId, String commitSha, String reference) {
        if (reference.startsWith("./")) {
            return file(repositoryId, commitSha, reference.substring(2), null);
        }
        int at = reference.lastIndexOf('@');
        String[] parts = (at < 0 ? reference : reference.substring(0, at)).split("/", 3);
        if (at < 0 || parts.length < 3 || at == reference.length() - 1) {
            return Optional.empty();
        }
        String ref = reference.substring(at + 1);
        Optional<Repository> caller = repositories.findById(repositoryId);
        return accounts.findByLogin(parts[0])
                .flatMap(owner -> repositories.findByOwnerAndName(owner.id(), parts[1]))
                .filter(called -> readable(caller, called))
                .flatMap(called -> git.resolve(called.id(), ref).flatMap(sha -> file(called.id(), sha, parts[2], fullRef(called.id(), ref))));
    }

    private static boolean readable(Optional<Repository> caller, Repository called) {
        if (called.visibility() == Visibility.PUBLIC || caller.isPresent() && caller.get().id() == called.id()) {
            return true;
        }
        return called.visibility() == Visibility.INTERNAL && caller.isPresent() && caller.get().ownerId() == called.ownerId();
    }

    /** {@code main} → {@code refs/heads/main} (a branch before a tag, as git resolves them); a commit id stays. */
    private String fullRef(long repositoryId, String ref) {
        if (ref.startsWith("refs/")) {
            return ref;
        }
        for (String prefix : new String[] {"refs/heads/", "refs/tags/"}) {
            if (git.resolve(repositoryId, prefix + ref).isPresent()) {
                return prefix + ref;
            }
        }
        return ref;
    }

    private Optional<CalledWorkflowSource.CalledFile> file(long repositoryId, String sha, String path, String fullRef) {
        if (!path.startsWith(WorkflowFiles.DIRECTORY + "/")) {
            return Optional.empty();
        }
        return git.readFile(repositoryId, sha, path)
                .map(bytes -> new CalledWorkflowSource.CalledFile(new String(bytes, StandardCharsets.UTF_8), sha, fullRef));
    }
}
