package dev.gantry.engine.repository;

import dev.gantry.engine.FieldError;
import dev.gantry.engine.GantryException;
import dev.gantry.engine.git.GitRepositories;
import dev.gantry.engine.identity.Account;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.PersonIdent;

/** The use cases of repositories: create (with its git storage), rename and edit, delete. */
public final class Repositories {
    private static final String DEFAULT_BRANCH = "main";

    private final RepositoryStore repositories;
    private final GitRepositories git;
    private final Clock clock;

    public Repositories(RepositoryStore repositories, GitRepositories git, Clock clock) {
        this.repositories = repositories;
        this.git = git;
        this.clock = clock;
    }

    /**
     * Creates the repository row and its bare git repository. The row comes first so the name is
     * claimed atomically; if the git storage cannot be made, the row is removed again, so a
     * failure leaves nothing half-created.
     */
    public Repository create(Account owner, NewRepositoryRequest request, Account creator) {
        String name = RepositoryNames.normalize(request.name());
        Instant now = now();
        Repository repository = repositories.create(new NewRepository(owner.id(), name, request.description(),
                request.homepage(), request.visibility(), DEFAULT_BRANCH, request.settings(), now));
        try {
            git.create(repository.id(), DEFAULT_BRANCH);
            if (request.autoInit()) {
                String readme = "# " + name + "\n" + (request.description() == null ? "" : "\n" + request.description() + "\n");
                PersonIdent author = new PersonIdent(creator.login(),
                        Optional.ofNullable(creator.profile().email()).orElse(creator.login() + "@users.noreply.gantry"),
                        now, java.time.ZoneOffset.UTC);
                git.commitInitialFiles(repository.id(), DEFAULT_BRANCH,
                        Map.of("README.md", readme.getBytes(StandardCharsets.UTF_8)), author, "Initial commit");
                repository = markPushed(repository, now);
            }
            return repository;
        } catch (RuntimeException e) {
            git.delete(repository.id());
            repositories.delete(repository.id());
            throw e;
        }
    }

    public Optional<Repository> find(Account owner, String name) {
        return repositories.findByOwnerAndName(owner.id(), name);
    }

    public Repository update(Repository repository, RepositoryChanges changes) {
        String name = changes.name().map(RepositoryNames::normalize).orElse(repository.name());
        if (changes.defaultBranch().isPresent()
                && !changes.defaultBranch().get().equals(repository.defaultBranch())
                && git.resolve(repository.id(), "refs/heads/" + changes.defaultBranch().get()).isEmpty()) {
            // GitHub refuses to point the default branch at a branch that does not exist.
            throw GantryException.invalid("Validation Failed",
                    FieldError.custom("Repository", "default_branch", "The branch " + changes.defaultBranch().get()
                            + " was not found. Please push that ref first or create it via the Git Data API."));
        }
        Repository updated = new Repository(repository.id(), repository.ownerId(), name,
                changes.description().isPresent() ? blankToNull(changes.description().get()) : repository.description(),
                changes.homepage().isPresent() ? blankToNull(changes.homepage().get()) : repository.homepage(),
                changes.visibility().orElse(repository.visibility()),
                changes.defaultBranch().orElse(repository.defaultBranch()),
                changes.archived().orElse(repository.archived()),
                changes.settings().orElse(repository.settings()),
                repository.createdAt(), now(), repository.pushedAt());
        if (changes.defaultBranch().isPresent()) {
            git.setDefaultBranch(repository.id(), updated.defaultBranch());
        }
        return repositories.update(updated);
    }

    /** Records a push: GitHub's {@code pushed_at}. */
    public Repository markPushed(Repository repository, Instant at) {
        Instant when = at.truncatedTo(ChronoUnit.SECONDS);
        return repositories.update(new Repository(repository.id(), repository.ownerId(), repository.name(),
                repository.description(), repository.homepage(), repository.visibility(), repository.defaultBranch(),
                repository.archived(), repository.settings(), repository.createdAt(), repository.updatedAt(), when));
    }

    public void delete(Repository repository) {
        if (repositories.delete(repository.id())) {
            git.delete(repository.id());
        }
    }

    private static String blankToNull(String text) {
        return text.isEmpty() ? null : text;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }
}
