package dev.gantry.store;

import dev.gantry.engine.FieldError;
import dev.gantry.engine.GantryException;
import dev.gantry.engine.token.NewToken;
import dev.gantry.engine.token.Token;
import dev.gantry.engine.token.TokenKind;
import dev.gantry.engine.token.TokenStore;
import dev.gantry.engine.token.UserToken;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.statement.StatementContext;

/** Access tokens (hashes only) in the {@code tokens} table. */
public final class SqlTokenStore implements TokenStore {
    private static final String COLUMNS = "id, user_id, kind, hash, scopes, note, created_at, expires_at";
    /** A token with its user's account columns: what every authenticated request reads. */
    private static final String WITH_USER = "SELECT t.id AS token_id, t.user_id, t.kind, t.hash, t.scopes, t.note,"
            + " t.created_at AS token_created_at, t.expires_at, " + SqlAccountStore.columnsOf("a")
            + " FROM tokens t JOIN accounts a ON a.id = t.user_id WHERE t.hash = :hash";

    private final Database database;

    public SqlTokenStore(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public Token create(NewToken token) {
        // ON CONFLICT DO NOTHING rather than catching the unique violation: on PostgreSQL an
        // error aborts the enclosing transaction, and a taken name must not do that on one engine only.
        long id = database.write(handle -> handle.createQuery("""
                        INSERT INTO tokens (user_id, kind, hash, scopes, note, created_at, expires_at)
                        VALUES (:userId, :kind, :hash, :scopes, :note, :createdAt, :expiresAt)
                        ON CONFLICT DO NOTHING
                        RETURNING id""")
                .bind("userId", token.userId())
                .bind("kind", token.kind().name())
                .bind("hash", token.hash())
                .bind("scopes", scopesColumn(token.scopes()))
                .bind("note", token.note())
                .bind("createdAt", Timestamps.toMillis(token.createdAt()))
                .bind("expiresAt", Timestamps.toMillis(token.expiresAt()))
                .mapTo(Long.class)
                .findOne())
                .orElseThrow(() -> GantryException.invalid("Validation Failed", FieldError.alreadyExists("Token", "hash")));
        return new Token(id, token.userId(), token.kind(), token.hash(), token.scopes(), token.note(), token.createdAt(),
                token.expiresAt());
    }

    @Override
    public Optional<Token> findByHash(String hash) {
        return database.read(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM tokens WHERE hash = :hash")
                .bind("hash", hash)
                .map(SqlTokenStore::token)
                .findOne());
    }

    @Override
    public Optional<UserToken> findWithUserByHash(String hash) {
        return database.read(handle -> handle.createQuery(WITH_USER)
                .bind("hash", hash)
                .map((row, context) -> new UserToken(tokenFrom(row, "token_id", "token_created_at"), SqlAccountStore.account(row, context)))
                .findOne());
    }

    /** Oldest first. */
    @Override
    public List<Token> listForUser(long userId) {
        return database.read(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM tokens WHERE user_id = :userId ORDER BY id")
                .bind("userId", userId)
                .map(SqlTokenStore::token)
                .list());
    }

    @Override
    public boolean delete(long id) {
        return database.write(handle -> handle.createUpdate("DELETE FROM tokens WHERE id = :id").bind("id", id).execute() > 0);
    }

    @Override
    public int deleteForUser(long userId, TokenKind kind) {
        return database.write(handle -> handle.createUpdate("DELETE FROM tokens WHERE user_id = :userId AND kind = :kind")
                .bind("userId", userId)
                .bind("kind", kind.name())
                .execute());
    }

    /** Scopes are single words ({@code repo}, {@code admin:org}), kept sorted and space-separated as in OAuth. */
    private static String scopesColumn(Set<String> scopes) {
        if (scopes.stream().anyMatch(scope -> scope.isEmpty() || scope.chars().anyMatch(Character::isWhitespace))) {
            throw new IllegalArgumentException("scopes are single words: " + scopes);
        }
        return scopes.stream().sorted().collect(Collectors.joining(" "));
    }

    private static Token token(ResultSet row, StatementContext context) throws SQLException {
        return tokenFrom(row, "id", "created_at");
    }

    private static Token tokenFrom(ResultSet row, String idColumn, String createdAtColumn) throws SQLException {
        String scopes = row.getString("scopes");
        return new Token(row.getLong(idColumn), row.getLong("user_id"), TokenKind.valueOf(row.getString("kind")),
                row.getString("hash"),
                scopes.isEmpty() ? Set.of() : Set.copyOf(Arrays.asList(scopes.split(" "))),
                row.getString("note"), Timestamps.instant(row, createdAtColumn), Timestamps.instant(row, "expires_at"));
    }
}
