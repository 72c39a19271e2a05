package dev.gantry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gantry.server.GantryServer;
import dev.gantry.server.config.ServerConfigLoader;
import dev.gantry.testing.OpenApiValidator;
import dev.gantry.testing.TestingDatabases;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --tls-cert}/{@code --tls-key}: HTTPS for clients, like {@code gh}, that insist on it. */
class TestTls {
    @TempDir
    Path directory;

    @Test
    void servesHttpsWithAPemCertificateAndKey() throws Exception {
        Path certificate = directory.resolve("cert.pem");
        Path key = directory.resolve("key.pem");
        assumeTrue(openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                "-keyout", key.toString(), "-out", certificate.toString()), "openssl is needed to make a test certificate");

        try (TestingDatabases.FreshDatabase database = TestingDatabases.sqlite();
             GantryServer server = GantryServer.start(ServerConfigLoader.load(Map.of(
                     "port", "0", "data-dir", directory.resolve("data").toString(), "database-url", database.jdbcUrl(),
                     "tls-cert", certificate.toString(), "tls-key", key.toString()), Map.of(), Optional.empty()))) {
            assertThat(server.publicUrl()).startsWith("https://127.0.0.1:");

            HttpClient client = HttpClient.newBuilder().sslContext(trusting(certificate)).build();
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(server.publicUrl() + "/api/v3/"))
                    .header("Accept", "application/vnd.github+json").build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            OpenApiValidator.github().validate("GET", "/api/v3/", response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(null), response.body());
            assertThat(response.body()).contains("\"current_user_url\":\"" + server.publicUrl() + "/api/v3/user\"");
        }
    }

    private static SSLContext trusting(Path certificate) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(certificate)) {
            trust.setCertificateEntry("gantry", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    private static boolean openssl(String... arguments) throws InterruptedException {
        String[] command = new String[arguments.length + 1];
        command[0] = "openssl";
        System.arraycopy(arguments, 0, command, 1, arguments.length);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
