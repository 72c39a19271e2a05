package dev.gantry.engine.secrets;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encryption at rest: AES-256-GCM under the configured master key. Each stored value carries the
 * id of the key that sealed it, so a new key can be configured while values sealed under an older
 * one (still listed here) keep opening. The associated data binds a value to its row, so a value
 * copied into another secret's row does not open.
 */
public final class MasterKeys {
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final String currentId;
    private final Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
    private final SecureRandom random;

    /** @param current first: the key new values are sealed under; the others only open old values */
    public MasterKeys(SecureRandom random, byte[] current, byte[]... older) {
        this.random = Objects.requireNonNull(random, "random");
        this.currentId = add(current);
        for (byte[] key : older) {
            add(key);
        }
    }

    private String add(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("a master key is 32 bytes, not " + key.length);
        }
        String id = idOf(key);
        keys.put(id, new SecretKeySpec(key.clone(), "AES"));
        return id;
    }

    /** A short public name of a key: the first bytes of its SHA-256, never the key. */
    public static String idOf(byte[] key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key), 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public String currentId() {
        return currentId;
    }

    public AtRest seal(byte[] plain, String binding) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] sealed = crypt(Cipher.ENCRYPT_MODE, keys.get(currentId), nonce, binding, plain, 0, plain.length);
        byte[] stored = new byte[NONCE_BYTES + sealed.length];
        System.arraycopy(nonce, 0, stored, 0, NONCE_BYTES);
        System.arraycopy(sealed, 0, stored, NONCE_BYTES, sealed.length);
        return new AtRest(currentId, Base64.getEncoder().encodeToString(stored));
    }

    public byte[] open(AtRest value, String binding) {
        SecretKeySpec key = keys.get(value.keyId());
        if (key == null) {
            throw new IllegalStateException("a stored secret is sealed under master key " + value.keyId()
                    + ", which is not configured");
        }
        byte[] stored = Base64.getDecoder().decode(value.cipherText());
        byte[] nonce = java.util.Arrays.copyOf(stored, NONCE_BYTES);
        return crypt(Cipher.DECRYPT_MODE, key, nonce, binding, stored, NONCE_BYTES, stored.length - NONCE_BYTES);
    }

    private static byte[] crypt(int mode, SecretKeySpec key, byte[] nonce, String binding, byte[] input, int offset, int length) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(binding.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(input, offset, length);
        } catch (GeneralSecurityException e) {
            // The message names no value: a wrong key or a tampered row, never the content.
            throw new IllegalStateException("a stored secret does not open under its master key", e);
        }
    }

    /** A value as stored: the master key's id and base64 of nonce ‖ AES-GCM output. */
    public record AtRest(String keyId, String cipherText) {
        public AtRest {
            Objects.requireNonNull(keyId, "keyId");
            Objects.requireNonNull(cipherText, "cipherText");
        }
    }
}
