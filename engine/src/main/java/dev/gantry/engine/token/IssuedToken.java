package dev.gantry.engine.token;

/**
 * A token as it is handed out: the stored record and, this once, its secret. Never log it; its
 * {@code toString} leaves the secret out.
 */
public record IssuedToken(Token token, String secret) {
    @Override
    public String toString() {
        return "IssuedToken[id=" + token.id() + ", secret=<redacted>]";
    }
}
