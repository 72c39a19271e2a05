package dev.gantry.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TestCredentials {

    @Test
    void basicCarriesTheTokenAsPasswordWithAnyUserName() {
        assertThat(Credentials.token(Optional.of(basic("x:ghp_secret")))).contains("ghp_secret");
        assertThat(Credentials.token(Optional.of(basic("octocat:pa:ss")))).contains("pa:ss");
    }

    @Test
    void basicWithoutPasswordCarriesTheTokenAsUserName() {
        assertThat(Credentials.token(Optional.of(basic("ghp_secret:")))).contains("ghp_secret");
        assertThat(Credentials.token(Optional.of(basic("ghp_secret")))).contains("ghp_secret");
        assertThat(Credentials.token(Optional.of(basic("ghp_secret:x-oauth-basic")))).contains("ghp_secret");
    }

    @Test
    void bearerAndTokenSchemesInAnyCase() {
        assertThat(Credentials.token(Optional.of("Bearer abc"))).contains("abc");
        assertThat(Credentials.token(Optional.of("token abc"))).contains("abc");
        assertThat(Credentials.token(Optional.of("BEARER  abc "))).contains("abc");
    }

    @Test
    void anythingElseIsNoCredentials() {
        assertThat(Credentials.token(Optional.empty())).isEmpty();
        assertThat(Credentials.token(Optional.of("Basic !!not-base64!!"))).isEmpty();
        assertThat(Credentials.token(Optional.of("Digest abc"))).isEmpty();
        assertThat(Credentials.token(Optional.of("Bearer"))).isEmpty();
        assertThat(Credentials.token(Optional.of(basic(":")))).isEmpty();
    }

    private static String basic(String userAndPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
    }
}
