package dev.gantry.api.git;

import dev.gantry.testing.TestingGit;
import dev.gantry.engine.ErrorCategory;
import dev.gantry.engine.GantryException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link GitAccess} with GitHub's rules over an in-memory table: public repositories are
 * readable by anyone; private ones only by users granted access; pushing needs write access.
 * Anonymous callers who need a token get 401 (even for absent repositories); authenticated
 * callers get 404 for what they may not see and 403 for pushing with read access only.
 */
final class TestingGitAccess implements GitAccess {
    private record HostedRepository(long id, boolean isPublic) {
    }

    private record User(long id, Set<Long> readable, Set<Long> writable) {
    }

    private final Map<String, HostedRepository> repositories = new ConcurrentHashMap<>();
    private final Map<String, User> usersByToken = new ConcurrentHashMap<>();

    TestingGitAccess repository(String owner, String name, long id, boolean isPublic) {
        repositories.put(key(owner, name), new HostedRepository(id, isPublic));
        return this;
    }

    TestingGitAccess user(String token, long userId, Set<Long> readable, Set<Long> writable) {
        usersByToken.put(token, new User(userId, Set.copyOf(readable), Set.copyOf(writable)));
        return this;
    }

    @Override
    public GitTarget authorize(String owner, String name, Optional<String> token, GitOperation operation) {
        HostedRepository repository = repositories.get(key(owner, name));
        if (token.isEmpty()) {
            if (repository != null && repository.isPublic() && operation == GitOperation.READ) {
                return GitTarget.anonymous(repository.id());
            }
            throw new GantryException(ErrorCategory.UNAUTHENTICATED, "Authentication required.");
        }
        User user = usersByToken.get(token.get());
        if (user == null) {
            throw new GantryException(ErrorCategory.UNAUTHENTICATED, "Bad credentials.");
        }
        boolean canWrite = repository != null && user.writable().contains(repository.id());
        boolean canRead = repository != null
                && (repository.isPublic() || canWrite || user.readable().contains(repository.id()));
        if (!canRead) {
            throw GantryException.notFound();
        }
        if (operation == GitOperation.WRITE && !canWrite) {
            throw new GantryException(ErrorCategory.FORBIDDEN, "Permission to " + owner + "/" + name + " denied.");
        }
        return GitTarget.user(repository.id(), user.id());
    }

    private static String key(String owner, String name) {
        return (owner + "/" + name).toLowerCase(java.util.Locale.ROOT);
    }
}
