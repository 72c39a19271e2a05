package dev.gantry.server.config;

import dev.gantry.engine.hostedrunners.HostedRunnerCatalog;
import dev.gantry.store.S3Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The server's settings after every source has been merged and checked.
 *
 * @param adminToken from {@code GANTRY_ADMIN_TOKEN} only (never a flag: flags show up in {@code ps});
 *     when present, start-up ensures a site-admin user {@code admin} owning this token
 * @param s3 where blobs go when they go to S3; empty for the filesystem under the data directory
 * @param secretKey from {@code GANTRY_SECRET_KEY} only, for the same reason: base64 of the 32-byte
 *     master key sealing Actions secrets at rest; wins over {@code secretKeyFile}
 * @param jobServerUrl the {@code GITHUB_SERVER_URL} jobs see when it is not the public URL: GitHub's
 *     artifact and cache libraries refuse hosts other than {@code github.com}, {@code *.ghe.com} and
 *     {@code *.localhost}, so a server on an IP address hands jobs {@code http://gantry.localhost:<port>}
 * @param hostedRunnerCatalog what hosted runner pools are made from: the file {@code --hosted-runner-catalog}
 *     names, or the built-in catalog
 * @param hostedRunnerIdle how long a pool's runner that got no job may wait before it is stopped
 * @param gitDirectory where hosted repositories live: the one piece of state outside the database and
 *     the blob store, so nodes of one installation must share it
 */
public record ServerConfig(
        String bind,
        int port,
        Path dataDirectory,
        String databaseUrl,
        Optional<String> publicUrl,
        Optional<Path> tlsCertificate,
        Optional<Path> tlsKey,
        String enterprise,
        long maxBodyBytes,
        int rateLimit,
        int anonymousRateLimit,
        Duration jobLease,
        Optional<String> adminToken,
        Optional<S3Settings> s3,
        Optional<String> secretKey,
        Optional<Path> secretKeyFile,
        Optional<String> jobServerUrl,
        HostedRunnerCatalog hostedRunnerCatalog,
        HostedRunnerProvider hostedRunnerProvider,
        Duration hostedRunnerIdle,
        Path gitDirectory) {

    /** Where hosted runner pools' runners run. */
    public enum HostedRunnerProvider { LOCAL, NONE }

    public ServerConfig {
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(databaseUrl, "databaseUrl");
        Objects.requireNonNull(enterprise, "enterprise");
        Objects.requireNonNull(jobLease, "jobLease");
        Objects.requireNonNull(s3, "s3");
        Objects.requireNonNull(jobServerUrl, "jobServerUrl");
        Objects.requireNonNull(hostedRunnerCatalog, "hostedRunnerCatalog");
        Objects.requireNonNull(hostedRunnerProvider, "hostedRunnerProvider");
        Objects.requireNonNull(hostedRunnerIdle, "hostedRunnerIdle");
        Objects.requireNonNull(gitDirectory, "gitDirectory");
        if (tlsCertificate.isPresent() != tlsKey.isPresent()) {
            throw new ConfigException("--tls-cert and --tls-key go together: give both or neither");
        }
    }

    public boolean tls() {
        return tlsCertificate.isPresent();
    }

    /** The public URL, or the address the server listens on when none was configured. */
    public String publicUrlOr(int actualPort) {
        return publicUrl.orElseGet(() -> (tls() ? "https" : "http") + "://" + hostForUrl() + ":" + actualPort);
    }

    private String hostForUrl() {
        if (bind.equals("0.0.0.0") || bind.equals("::")) {
            return "localhost";
        }
        return bind.contains(":") ? "[" + bind + "]" : bind;
    }

    @Override
    public String toString() {
        // The admin token is a secret: never print it.
        return "ServerConfig[bind=" + bind + ", port=" + port + ", dataDirectory=" + dataDirectory + ", databaseUrl="
                + redactedDatabaseUrl() + ", publicUrl=" + publicUrl + ", tls=" + tls() + ", enterprise=" + enterprise
                + ", blobs=" + s3.map(S3Settings::toString).orElse("fs") + "]";
    }

    /** The database URL without a password, for logs. */
    public String redactedDatabaseUrl() {
        return databaseUrl.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }
}
