package dev.gantry.engine.secrets;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.crypto.digests.Blake2bDigest;
import org.bouncycastle.crypto.engines.Salsa20Engine;
import org.bouncycastle.crypto.engines.XSalsa20Engine;
import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * libsodium's {@code crypto_box_seal}, the format of GitHub's {@code encrypted_value}: an ephemeral
 * X25519 public key, then {@code crypto_box} (XSalsa20-Poly1305 under HSalsa20 of the shared
 * point) with nonce BLAKE2b-192(ephemeral public key ‖ recipient public key). BouncyCastle has
 * every primitive but HSalsa20, which is the Salsa20 core without its final addition.
 */
public final class SealedBox {
    public static final int KEY_BYTES = 32;
    private static final int MAC_BYTES = 16;
    private static final int NONCE_BYTES = 24;
    private static final int OVERHEAD = KEY_BYTES + MAC_BYTES;
    private static final byte[] SIGMA = "expand 32-byte k".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private SealedBox() {}

    /** A fresh X25519 key pair: {@code [private, public]}. */
    public static byte[][] generateKeyPair(SecureRandom random) {
        byte[] privateKey = new byte[KEY_BYTES];
        X25519.generatePrivateKey(random, privateKey);
        byte[] publicKey = new byte[KEY_BYTES];
        X25519.generatePublicKey(privateKey, 0, publicKey, 0);
        return new byte[][] {privateKey, publicKey};
    }

    /** The message, or empty when the box was not sealed to this key pair or was tampered with. */
    public static Optional<byte[]> open(byte[] sealed, byte[] publicKey, byte[] privateKey) {
        if (sealed.length < OVERHEAD) {
            return Optional.empty();
        }
        byte[] ephemeral = Arrays.copyOfRange(sealed, 0, KEY_BYTES);
        byte[] shared = new byte[KEY_BYTES];
        if (!X25519.calculateAgreement(privateKey, 0, ephemeral, 0, shared, 0)) {
            return Optional.empty();
        }
        byte[] mac = Arrays.copyOfRange(sealed, KEY_BYTES, OVERHEAD);
        byte[] cipherText = Arrays.copyOfRange(sealed, OVERHEAD, sealed.length);
        XSalsa20Engine stream = stream(shared, nonce(ephemeral, publicKey));
        byte[] expected = poly1305(stream, cipherText);
        if (!MessageDigest.isEqual(expected, mac)) {
            return Optional.empty();
        }
        byte[] message = new byte[cipherText.length];
        stream.processBytes(cipherText, 0, cipherText.length, message, 0);
        return Optional.of(message);
    }

    /** What {@code crypto_box_seal} makes; Gantry only opens boxes, so this serves tests and tools. */
    public static byte[] seal(byte[] message, byte[] publicKey, SecureRandom random) {
        byte[][] ephemeral = generateKeyPair(random);
        byte[] shared = new byte[KEY_BYTES];
        if (!X25519.calculateAgreement(ephemeral[0], 0, publicKey, 0, shared, 0)) {
            throw new IllegalArgumentException("not an X25519 public key");
        }
        XSalsa20Engine stream = stream(shared, nonce(ephemeral[1], publicKey));
        byte[] polyKey = new byte[KEY_BYTES];
        stream.processBytes(new byte[KEY_BYTES], 0, KEY_BYTES, polyKey, 0);
        byte[] cipherText = new byte[message.length];
        stream.processBytes(message, 0, message.length, cipherText, 0);
        byte[] sealed = new byte[OVERHEAD + message.length];
        System.arraycopy(ephemeral[1], 0, sealed, 0, KEY_BYTES);
        System.arraycopy(mac(polyKey, cipherText), 0, sealed, KEY_BYTES, MAC_BYTES);
        System.arraycopy(cipherText, 0, sealed, OVERHEAD, cipherText.length);
        return sealed;
    }

    private static byte[] poly1305(XSalsa20Engine stream, byte[] cipherText) {
        // secretbox: the first 32 keystream bytes key Poly1305, the message starts at byte 32.
        byte[] polyKey = new byte[KEY_BYTES];
        stream.processBytes(new byte[KEY_BYTES], 0, KEY_BYTES, polyKey, 0);
        return mac(polyKey, cipherText);
    }

    private static byte[] mac(byte[] polyKey, byte[] cipherText) {
        Poly1305 poly = new Poly1305();
        poly.init(new KeyParameter(polyKey));
        poly.update(cipherText, 0, cipherText.length);
        byte[] mac = new byte[MAC_BYTES];
        poly.doFinal(mac, 0);
        return mac;
    }

    private static XSalsa20Engine stream(byte[] shared, byte[] nonce) {
        XSalsa20Engine engine = new XSalsa20Engine();
        engine.init(true, new ParametersWithIV(new KeyParameter(hsalsa20(shared)), nonce));
        return engine;
    }

    private static byte[] nonce(byte[] ephemeralPublicKey, byte[] recipientPublicKey) {
        Blake2bDigest blake = new Blake2bDigest(NONCE_BYTES * 8);
        blake.update(ephemeralPublicKey, 0, KEY_BYTES);
        blake.update(recipientPublicKey, 0, KEY_BYTES);
        byte[] nonce = new byte[NONCE_BYTES];
        blake.doFinal(nonce, 0);
        return nonce;
    }

    /** {@code crypto_box_beforenm}: HSalsa20 of the shared point with an all-zero nonce. */
    private static byte[] hsalsa20(byte[] key) {
        int[] state = new int[16];
        state[0] = word(SIGMA, 0);
        state[5] = word(SIGMA, 4);
        state[10] = word(SIGMA, 8);
        state[15] = word(SIGMA, 12);
        for (int i = 0; i < 4; i++) {
            state[1 + i] = word(key, 4 * i);
            state[11 + i] = word(key, 16 + 4 * i);
        }
        int[] mixed = new int[16];
        Salsa20Engine.salsaCore(20, state, mixed);
        ByteBuffer out = ByteBuffer.allocate(KEY_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        // salsaCore adds the input back; HSalsa20 takes these eight words without that addition.
        for (int index : new int[] {0, 5, 10, 15, 6, 7, 8, 9}) {
            out.putInt(mixed[index] - state[index]);
        }
        return out.array();
    }

    private static int word(byte[] bytes, int offset) {
        return ByteBuffer.wrap(bytes, offset, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }
}
