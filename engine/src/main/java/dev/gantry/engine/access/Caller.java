package dev.gantry.engine.access;

import dev.gantry.engine.identity.Account;
import dev.gantry.engine.token.JobGrant;
import java.util.Optional;
import java.util.Set;

/**
 * Who is asking: an authenticated user with the scopes of the token they presented, or nobody.
 *
 * @param user empty for an anonymous request
 * @param grantedScopes the classic OAuth scopes the presented token was granted, as GitHub lists
 *     them in {@code X-OAuth-Scopes}; empty when anonymous
 * @param scopes the granted scopes plus all they imply (a token with {@code repo} also has
 *     {@code public_repo}): what access checks consult
 * @param job present when the token is a job's {@code GITHUB_TOKEN}: then {@code user} is the run's
 *     actor, there are no scopes, and the grant alone decides
 */
public record Caller(Optional<Account> user, Set<String> grantedScopes, Set<String> scopes, Optional<JobGrant> job) {
    public Caller {
        grantedScopes = Set.copyOf(grantedScopes);
        scopes = Set.copyOf(scopes);
        if (user.isEmpty() && (!scopes.isEmpty() || job.isPresent())) {
            throw new IllegalArgumentException("an anonymous caller has no scopes and no job");
        }
    }

    public static Caller anonymous() {
        return new Caller(Optional.empty(), Set.of(), Set.of(), Optional.empty());
    }

    public static Caller user(Account account, Set<String> scopes) {
        return new Caller(Optional.of(account), scopes, Scopes.expand(scopes), Optional.empty());
    }

    /** A job's {@code GITHUB_TOKEN}, acting for the run's actor within the job's grant. */
    public static Caller job(Account actor, JobGrant grant) {
        return new Caller(Optional.of(actor), Set.of(), Set.of(), Optional.of(grant));
    }

    public boolean isAnonymous() {
        return user.isEmpty();
    }

    public boolean isSiteAdmin() {
        return user.map(Account::siteAdmin).orElse(false);
    }

    public boolean hasScope(String scope) {
        return scopes.contains(scope);
    }

    public long userId() {
        return user.orElseThrow(() -> new IllegalStateException("anonymous caller")).id();
    }
}
