package dev.gantry.engine.oidc;

import dev.gantry.engine.secrets.MasterKeys;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * The issuer's RS256 keys: which one signs, which ones a verifier may meet, and their rotation.
 * Every node reads the same rows, so a token signed on one node verifies against the key set any
 * other node serves. Rotation needs no scheduler: whoever reads the keys first after the newest
 * one is due makes the next, and the generation number lets only one node win.
 */
public final class SigningKeys {
    private static final int RSA_BITS = 2048;

    private final SigningKeyStore store;
    private final MasterKeys masterKeys;
    private final SecureRandom random;
    private final Clock clock;
    private final KeyRotation rotation;

    public SigningKeys(SigningKeyStore store, MasterKeys masterKeys, SecureRandom random, Clock clock, KeyRotation rotation) {
        this.store = Objects.requireNonNull(store, "store");
        this.masterKeys = Objects.requireNonNull(masterKeys, "masterKeys");
        this.random = Objects.requireNonNull(random, "random");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.rotation = Objects.requireNonNull(rotation, "rotation");
    }

    /** A key of the published set: what a JWKS entry shows. */
    public record PublicSigningKey(String keyId, RSAPublicKey key) {
        /** The JWK {@code n}: base64url of the modulus, unsigned. */
        public String modulus() {
            return base64Url(key.getModulus());
        }

        /** The JWK {@code e}. */
        public String exponent() {
            return base64Url(key.getPublicExponent());
        }
    }

    /** The key that signs now, opened. */
    record PrivateSigningKey(String keyId, RSAPrivateKey key) {
        @Override
        public String toString() {
            return "PrivateSigningKey[" + keyId + "]";
        }
    }

    /**
     * The key set verifiers see: the signing key, a next key already published ahead of its use,
     * and replaced keys until {@link KeyRotation#retain} after they stopped signing.
     */
    public List<PublicSigningKey> published() {
        return rotateIfDue().stream().map(key -> new PublicSigningKey(key.keyId(), publicKey(key))).toList();
    }

    /** The newest key whose time to sign has come. */
    PrivateSigningKey signing() {
        Instant now = clock.instant();
        SigningKey key = rotateIfDue().reversed().stream()
                .filter(candidate -> !candidate.activeFrom().isAfter(now))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no OIDC signing key is active yet"));
        byte[] encoded = masterKeys.open(key.privateKey(), SigningKey.binding(key.keyId()));
        try {
            return new PrivateSigningKey(key.keyId(),
                    (RSAPrivateKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(encoded)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the OIDC signing key " + key.keyId() + " does not decode", e);
        } finally {
            Arrays.fill(encoded, (byte) 0);
        }
    }

    /**
     * Makes the first key, or the next one when the newest is {@link KeyRotation#rotateEvery} old,
     * and forgets keys past their retention.
     *
     * @return the published keys, oldest first
     */
    public List<SigningKey> rotateIfDue() {
        Instant now = clock.instant();
        List<SigningKey> keys = store.all();
        if (keys.isEmpty()) {
            // Nobody can have cached a key set that does not exist yet: the first key signs at once.
            store.insert(generate(1, now, now));
            keys = store.all();
        } else if (!keys.getLast().createdAt().plus(rotation.rotateEvery()).isAfter(now)) {
            store.insert(generate(keys.getLast().generation() + 1, now, now.plus(rotation.prepublish())));
            keys = store.all();
        }
        int signing = 0;
        for (int i = 0; i < keys.size(); i++) {
            if (!keys.get(i).activeFrom().isAfter(now)) {
                signing = i;
            }
        }
        int firstKept = signing;
        // A key replaced at its successor's activeFrom stays until retain has passed since.
        while (firstKept > 0 && keys.get(firstKept).activeFrom().plus(rotation.retain()).isAfter(now)) {
            firstKept--;
        }
        if (firstKept > 0) {
            store.deleteBefore(keys.get(firstKept).generation());
        }
        return List.copyOf(keys.subList(firstKept, keys.size()));
    }

    private SigningKey generate(long generation, Instant now, Instant activeFrom) {
        KeyPair pair;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(new RSAKeyGenParameterSpec(RSA_BITS, RSAKeyGenParameterSpec.F4), random);
            pair = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA key generation is part of every JDK", e);
        }
        RSAPublicKey publicKey = (RSAPublicKey) pair.getPublic();
        String keyId = thumbprint(publicKey);
        byte[] privateKey = pair.getPrivate().getEncoded();
        try {
            return new SigningKey(generation, keyId, Base64.getEncoder().encodeToString(publicKey.getEncoded()),
                    masterKeys.seal(privateKey, SigningKey.binding(keyId)), now, activeFrom);
        } finally {
            Arrays.fill(privateKey, (byte) 0);
        }
    }

    private static RSAPublicKey publicKey(SigningKey key) {
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(key.publicKey())));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the OIDC public key " + key.keyId() + " does not decode", e);
        }
    }

    /** RFC 7638: SHA-256 of the required members in lexicographic order, base64url. */
    static String thumbprint(RSAPublicKey key) {
        String members = "{\"e\":\"" + base64Url(key.getPublicExponent()) + "\",\"kty\":\"RSA\",\"n\":\"" + base64Url(key.getModulus())
                + "\"}";
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(members.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** An unsigned big-endian integer in base64url without padding, as JWKs write them. */
    static String base64Url(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
