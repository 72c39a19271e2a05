package dev.gantry.api.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads the token out of an {@code Authorization} header, however a GitHub client sends it: the
 * REST API and git share this one reading.
 */
public final class Credentials {
    private Credentials() {}

    /**
     * {@code Bearer <t>} or {@code token <t>} (any case); HTTP Basic with the token as the password
     * and any user name (git's way); or the token as the user name with an empty password or
     * {@code x-oauth-basic} (GitHub's older way, and {@code https://TOKEN@host/owner/repo}).
     * Empty when there is no header or it is none of these.
     */
    public static Optional<String> token(Optional<String> authorization) {
        return authorization.map(String::strip).flatMap(Credentials::parse).filter(token -> !token.isEmpty());
    }

    private static Optional<String> parse(String header) {
        int space = header.indexOf(' ');
        if (space < 0) {
            return Optional.empty();
        }
        String scheme = header.substring(0, space).toLowerCase(Locale.ROOT);
        String value = header.substring(space + 1).strip();
        return switch (scheme) {
            case "basic" -> basic(value);
            case "bearer", "token" -> Optional.of(value);
            default -> Optional.empty();
        };
    }

    private static Optional<String> basic(String encoded) {
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
        return Optional.of(password.isEmpty() || password.equals("x-oauth-basic") ? decoded.substring(0, colon) : password);
    }
}
