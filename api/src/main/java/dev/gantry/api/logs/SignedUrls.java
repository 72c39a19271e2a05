package dev.gantry.api.logs;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Short-lived links (log and artifact downloads, artifact uploads), as GitHub answers a logs request with a 302 to a URL that works for
 * a minute without credentials. The path and expiry are signed with HMAC-SHA256 under a server
 * key, so a link cannot be stretched in time or pointed at another job.
 */
public final class SignedUrls {
    /** GitHub's log links expire after a minute. */
    public static final Duration LIFETIME = Duration.ofMinutes(1);
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;
    private final Clock clock;

    public SignedUrls(byte[] key, Clock clock) {
        if (key.length < 32) {
            throw new IllegalArgumentException("a signing key needs at least 32 bytes");
        }
        this.key = new SecretKeySpec(key.clone(), ALGORITHM);
        this.clock = clock;
    }

    /** {@code path?expires=…&signature=…}, valid for {@link #LIFETIME}. */
    public String sign(String path) {
        return sign(path, LIFETIME);
    }

    /** {@code path?expires=…&signature=…}, valid for {@code lifetime} (an upload link must outlast a long upload). */
    public String sign(String path, Duration lifetime) {
        long expires = clock.instant().plus(lifetime).getEpochSecond();
        return path + "?expires=" + expires + "&signature=" + signature(path, expires);
    }

    /** Whether {@code signature} was made by {@link #sign} for this path and has not expired. */
    public boolean verify(String path, String expires, String signature) {
        if (expires == null || signature == null) {
            return false;
        }
        long expiresAt;
        try {
            expiresAt = Long.parseLong(expires);
        } catch (NumberFormatException e) {
            return false;
        }
        if (clock.instant().isAfter(Instant.ofEpochSecond(expiresAt))) {
            return false;
        }
        byte[] expected = signature(path, expiresAt).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII));
    }

    private String signature(String path, long expires) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            byte[] digest = mac.doFinal((path + "\n" + expires).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
        }
    }
}
