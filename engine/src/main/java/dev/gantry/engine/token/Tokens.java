package dev.gantry.engine.token;

import dev.gantry.engine.access.Caller;
import dev.gantry.engine.access.Scopes;
import dev.gantry.engine.identity.Account;
import dev.gantry.engine.identity.AccountStore;
import dev.gantry.engine.identity.AccountType;
import dev.gantry.engine.identity.NewAccount;
import dev.gantry.engine.identity.Profile;
import dev.gantry.engine.store.Transactions;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Set;

/** Issues, checks and revokes access tokens. Only hashes are stored. */
public final class Tokens {
    /** GitHub's prefix for classic personal access tokens; secret scanners and clients recognise it. */
    private static final String PERSONAL_PREFIX = "ghp_";

    private final TokenStore tokens;
    private final AccountStore accounts;
    private final Transactions transactions;
    private final Clock clock;
    private final JobTokens jobTokens;
    private final Secrets secrets = new Secrets();

    public Tokens(TokenStore tokens, AccountStore accounts, Transactions transactions, Clock clock, JobTokens jobTokens) {
        this.jobTokens = jobTokens;
        this.tokens = tokens;
        this.accounts = accounts;
        this.transactions = transactions;
        this.clock = clock;
    }

    public IssuedToken issue(Account user, TokenKind kind, Set<String> scopes, String note) {
        String secret = PERSONAL_PREFIX + secrets.random(Secrets.ALPHANUMERIC, 36);
        Token token = tokens.create(new NewToken(user.id(), kind, hash(secret), scopes, note, now(), null));
        return new IssuedToken(token, secret);
    }

    /** The caller a token secret stands for; empty when the token is unknown, expired, or its user is gone. */
    public Optional<Caller> authenticate(String secret) {
        if (secret == null || secret.isEmpty()) {
            return Optional.empty();
        }
        if (secret.startsWith(JobTokens.PREFIX)) {
            return jobTokens.authenticate(secret)
                    .flatMap(grant -> accounts.findById(grant.actorId()).map(actor -> Caller.job(actor, grant)));
        }
        Instant now = clock.instant();
        return tokens.findWithUserByHash(hash(secret))
                .filter(found -> !found.token().isExpiredAt(now))
                .map(found -> Caller.user(found.user(), found.token().scopes()));
    }

    /** The stored scopes of a token secret, as listed in {@code X-OAuth-Scopes} (unexpanded). */
    public Optional<Token> find(String secret) {
        return secret == null ? Optional.empty() : tokens.findByHash(hash(secret));
    }

    public int revoke(Account user, TokenKind kind) {
        return tokens.deleteForUser(user.id(), kind);
    }

    /**
     * Makes sure a site-admin user {@code login} exists and that {@code secret} is one of its
     * tokens, carrying every scope. Safe to call at every start-up with the same secret.
     */
    public Account ensureSiteAdmin(String login, String secret) {
        return transactions.inTransaction(() -> {
            Account admin = accounts.findByLogin(login).orElseGet(() -> accounts.create(
                    new NewAccount(login, AccountType.USER, Profile.empty(), true, null, now())));
            if (!admin.siteAdmin() || admin.isOrganization()) {
                throw new IllegalStateException("account '" + login + "' exists and is not a site admin user");
            }
            String hash = hash(secret);
            Optional<Token> existing = tokens.findByHash(hash);
            if (existing.isPresent() && existing.get().userId() != admin.id()) {
                throw new IllegalStateException("the admin token is already in use by another user");
            }
            if (existing.isEmpty()) {
                tokens.create(new NewToken(admin.id(), TokenKind.PERSONAL, hash, Scopes.KNOWN, "GANTRY_ADMIN_TOKEN", now(), null));
            }
            return admin;
        });
    }

    static String hash(String secret) {
        return Secrets.hash(secret);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }
}
