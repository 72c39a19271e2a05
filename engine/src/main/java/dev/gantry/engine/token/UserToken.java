package dev.gantry.engine.token;

import dev.gantry.engine.identity.Account;
import java.util.Objects;

/** A stored token with the user it belongs to, as authentication reads them: together. */
public record UserToken(Token token, Account user) {
    public UserToken {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(user, "user");
    }
}
