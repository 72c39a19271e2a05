package dev.gantry.engine.secrets;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class TestSecretCrypto {
    private final SecureRandom random = new SecureRandom();

    @Test
    void aSealedBoxOpensWithItsKeyPairOnly() {
        byte[][] pair = SealedBox.generateKeyPair(random);
        byte[] sealed = SealedBox.seal("hunter2".getBytes(UTF_8), pair[1], random);

        assertThat(SealedBox.open(sealed, pair[1], pair[0])).hasValueSatisfying(value -> assertThat(value).isEqualTo("hunter2".getBytes(UTF_8)));
        byte[][] other = SealedBox.generateKeyPair(random);
        assertThat(SealedBox.open(sealed, other[1], other[0])).isEmpty();
        sealed[sealed.length - 1] ^= 1;
        assertThat(SealedBox.open(sealed, pair[1], pair[0])).as("tampered").isEmpty();
        assertThat(SealedBox.open(new byte[10], pair[1], pair[0])).as("too short").isEmpty();
    }

    /** Boxes sealed by libsodium itself are opened in the e2e TestSecretsApi; here, the empty message. */
    @Test
    void anEmptyMessageRoundTrips() {
        byte[] privateKey = new byte[32];
        for (int i = 0; i < 32; i++) {
            privateKey[i] = (byte) (i + 1);
        }
        byte[] publicKey = new byte[32];
        org.bouncycastle.math.ec.rfc7748.X25519.generatePublicKey(privateKey, 0, publicKey, 0);
        byte[] sealed = SealedBox.seal(new byte[0], publicKey, random);
        assertThat(SealedBox.open(sealed, publicKey, privateKey)).hasValueSatisfying(value -> assertThat(value).isEmpty());
    }

    @Test
    void masterKeysSealUnderTheCurrentKeyAndOpenUnderOlderOnes() {
        byte[] old = new byte[32];
        byte[] current = new byte[32];
        random.nextBytes(old);
        random.nextBytes(current);
        MasterKeys before = new MasterKeys(random, old);
        MasterKeys.AtRest sealedBefore = before.seal("v".getBytes(UTF_8), "row");
        MasterKeys after = new MasterKeys(random, current, old);

        assertThat(after.open(sealedBefore, "row")).isEqualTo("v".getBytes(UTF_8));
        MasterKeys.AtRest sealedAfter = after.seal("v".getBytes(UTF_8), "row");
        assertThat(sealedAfter.keyId()).isEqualTo(MasterKeys.idOf(current)).isNotEqualTo(sealedBefore.keyId());
        assertThatThrownBy(() -> before.open(sealedAfter, "row")).hasMessageContaining("not configured");
        assertThatThrownBy(() -> after.open(sealedBefore, "another row")).as("bound to its row")
                .hasMessageNotContaining("v\"").isInstanceOf(IllegalStateException.class);
        assertThat(new String(Base64.getDecoder().decode(sealedAfter.cipherText()), UTF_8)).doesNotContain("v\u0000");
        assertThat(MasterKeys.idOf(current)).isNotEqualTo(HexFormat.of().formatHex(current, 0, 8));
    }
}
