package dev.gantry.api.http;

import dev.gantry.api.git.GitAccess;
import dev.gantry.api.git.GitOperation;
import dev.gantry.api.git.GitTarget;
import dev.gantry.engine.ErrorCategory;
import dev.gantry.engine.GantryException;
import dev.gantry.engine.access.Caller;
import dev.gantry.engine.access.RepositoryRole;
import dev.gantry.engine.identity.Account;
import dev.gantry.engine.identity.AccountStore;
import dev.gantry.engine.repository.Repository;
import dev.gantry.engine.repository.RepositoryStore;
import dev.gantry.engine.token.Tokens;
import java.util.Optional;

/**
 * Who may clone and push over git, decided by the same role rule as the REST API
 * ({@link Authorizer#roleOn}). An anonymous caller who cannot read is told to authenticate (401)
 * rather than that the repository is missing, so that git prompts for or sends credentials.
 */
public final class GitAuthorizer implements GitAccess {
    private final Tokens tokens;
    private final AccountStore accounts;
    private final RepositoryStore repositories;
    private final Authorizer authorizer;

    public GitAuthorizer(Tokens tokens, AccountStore accounts, RepositoryStore repositories, Authorizer authorizer) {
        this.tokens = tokens;
        this.accounts = accounts;
        this.repositories = repositories;
        this.authorizer = authorizer;
    }

    @Override
    public GitTarget authorize(String ownerLogin, String repositoryName, Optional<String> token, GitOperation operation) {
        Caller caller = token.isEmpty()
                ? Caller.anonymous()
                : tokens.authenticate(token.get()).orElseThrow(() -> new GantryException(ErrorCategory.UNAUTHENTICATED, "Bad credentials"));
        Optional<Account> owner = accounts.findByLogin(ownerLogin);
        Optional<Repository> repository = owner.flatMap(account -> repositories.findByOwnerAndName(account.id(), repositoryName));
        RepositoryRole role = repository.map(found -> authorizer.roleOn(caller, found, owner.get())).orElse(RepositoryRole.NONE);
        if (role == RepositoryRole.NONE || (operation == GitOperation.WRITE && caller.isAnonymous())) {
            throw caller.isAnonymous()
                    ? new GantryException(ErrorCategory.UNAUTHENTICATED, "Requires authentication")
                    : GantryException.notFound();
        }
        Repository target = repository.get();
        if (operation == GitOperation.WRITE) {
            if (!role.atLeast(RepositoryRole.WRITE)) {
                throw new GantryException(ErrorCategory.FORBIDDEN, "Permission to " + ownerLogin + "/" + target.name()
                        + " denied to " + caller.user().orElseThrow().login() + ".");
            }
            // A job's token has no scopes: its contents permission, already in the role, decides.
            boolean scoped = caller.job().isPresent() || caller.hasScope("repo")
                    || (!target.isPrivate() && caller.hasScope("public_repo"));
            if (!scoped) {
                throw new GantryException(ErrorCategory.FORBIDDEN, "Pushing needs a token with the repo scope.");
            }
            if (target.archived()) {
                throw new GantryException(ErrorCategory.FORBIDDEN, "This repository was archived so it is read-only.");
            }
        }
        return caller.user().map(user -> GitTarget.user(target.id(), user.id())).orElseGet(() -> GitTarget.anonymous(target.id()));
    }
}
