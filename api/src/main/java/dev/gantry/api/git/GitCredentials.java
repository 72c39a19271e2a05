package dev.gantry.api.git;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads the token from an {@code Authorization} header the way GitHub does for git: HTTP Basic
 * with the token as the password and any user name (or the token as the user name and no
 * password, as in {@code https://TOKEN@host/owner/repo}), or {@code Bearer}/{@code token}.
 */
final class GitCredentials {
    private GitCredentials() {
    }

    /** The token, or empty when there is no header or it is not one of the accepted forms. */
    static Optional<String> token(Optional<String> authorization) {
        return authorization.map(String::strip).flatMap(GitCredentials::parse).filter(token -> !token.isEmpty());
    }

    private static Optional<String> parse(String header) {
        int space = header.indexOf(' ');
        if (space < 0) {
            return Optional.empty();
        }
        String scheme = header.substring(0, space).toLowerCase(Locale.ROOT);
        String value = header.substring(space + 1).strip();
        return switch (scheme) {
            case "basic" -> basicPassword(value);
            case "bearer", "token" -> Optional.of(value);
            default -> Optional.empty();
        };
    }

    private static Optional<String> basicPassword(String encoded) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return Optional.of(decoded);
        }
        String password = decoded.substring(colon + 1);
        return Optional.of(password.isEmpty() ? decoded.substring(0, colon) : password);
    }
}
