package dev.gantry.engine.token;

import java.util.List;
import java.util.Optional;

/** Access tokens, looked up by the hash of their secret. */
public interface TokenStore {
    Token create(NewToken token);

    Optional<Token> findByHash(String hash);

    /** The token and its user in one read: every authenticated request asks this. */
    Optional<UserToken> findWithUserByHash(String hash);

    List<Token> listForUser(long userId);

    boolean delete(long id);

    /** Deletes every token of that kind the user has; returns how many went. */
    int deleteForUser(long userId, TokenKind kind);
}
