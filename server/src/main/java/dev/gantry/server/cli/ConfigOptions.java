package dev.gantry.server.cli;

import dev.gantry.server.config.ConfigKey;
import dev.gantry.server.config.ServerConfig;
import dev.gantry.server.config.ServerConfigLoader;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The configuration flags shared by every command that opens the server's storage. No flag has a
 * default here: an unset flag must not hide the environment or the file (see {@link ServerConfigLoader}).
 */
final class ConfigOptions {
    @Option(names = "--config", description = "YAML configuration file (keys as the flags, without --). Env: GANTRY_CONFIG.")
    Path configFile;

    @Option(names = "--bind", description = "Address to listen on (default 127.0.0.1).")
    String bind;

    @Option(names = "--port", description = "Port to listen on (default 8080; 0 picks a free one).")
    String port;

    @Option(names = "--data-dir", description = "Data directory (default ./data).")
    String dataDir;

    @Option(names = "--database-url", description = "JDBC URL (default jdbc:sqlite:<data-dir>/gantry.db).")
    String databaseUrl;

    @Option(names = "--public-url", description = "Base URL the server advertises (default http://<bind>:<port>).")
    String publicUrl;

    @Option(names = "--tls-cert", description = "PEM certificate chain for HTTPS.")
    String tlsCert;

    @Option(names = "--tls-key", description = "PEM (PKCS#8) private key for HTTPS.")
    String tlsKey;

    @Option(names = "--enterprise", description = "Enterprise slug for /enterprises/{enterprise} (default gantry).")
    String enterprise;

    @Option(names = "--max-body-bytes", description = "Largest JSON request body (default 1048576).")
    String maxBodyBytes;

    @Option(names = "--rate-limit", description = "Requests per hour per authenticated caller (default 5000).")
    String rateLimit;

    @Option(names = "--anonymous-rate-limit", description = "Requests per hour per anonymous address (default 60).")
    String anonymousRateLimit;

    @Option(names = "--job-lease-seconds", description = "Seconds a runner may go silent before its job fails as lost (default 120).")
    String jobLeaseSeconds;

    @Option(names = "--job-server-url", description = "GITHUB_SERVER_URL for jobs, e.g. http://gantry.localhost:8080 "
            + "(the artifact and cache libraries want a *.localhost host; default the public URL).")
    String jobServerUrl;

    @Option(names = "--git-dir", description = "Directory of the hosted git repositories (default <data-dir>/git); "
            + "with several nodes, a filesystem they all mount.")
    String gitDir;

    @Option(names = "--blob-store", description = "Where blobs go: fs (default, <data-dir>/blobs) or s3.")
    String blobStore;

    @Option(names = "--s3-endpoint", description = "URL of an S3-compatible service (default AWS).")
    String s3Endpoint;

    @Option(names = "--s3-region", description = "The bucket's region (default us-east-1).")
    String s3Region;

    @Option(names = "--s3-bucket", description = "The S3 bucket for blobs.")
    String s3Bucket;

    @Option(names = "--s3-access-key", description = "S3 access key id.")
    String s3AccessKey;

    @Option(names = "--s3-secret-key", description = "S3 secret key (prefer GANTRY_S3_SECRET_KEY: flags show in ps).")
    String s3SecretKey;

    @Option(names = "--s3-path-style", description = "Bucket in the path, not the host name (default true).")
    String s3PathStyle;

    @Option(names = "--secret-key-file", description = "File holding the base64 master key that seals Actions secrets at rest "
            + "(default <data-dir>/keys/secrets.key, made on first start). Env: GANTRY_SECRET_KEY_FILE.")
    String secretKeyFile;

    @Option(names = "--hosted-runner-catalog", description = "YAML file of the images, machine sizes, platforms and limits of hosted "
            + "runner pools (default: the built-in catalog).")
    String hostedRunnerCatalog;

    @Option(names = "--hosted-runner-provider", description = "How hosted runner pools get runners: local (default; child processes) "
            + "or none.")
    String hostedRunnerProvider;

    @Option(names = "--hosted-runner-idle-seconds", description = "Seconds a pool's runner that got no job may wait before it is "
            + "stopped (default 300).")
    String hostedRunnerIdleSeconds;

    ServerConfig load(Map<String, String> environment) {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put(ConfigKey.BIND.key(), bind);
        flags.put(ConfigKey.PORT.key(), port);
        flags.put(ConfigKey.DATA_DIR.key(), dataDir);
        flags.put(ConfigKey.DATABASE_URL.key(), databaseUrl);
        flags.put(ConfigKey.PUBLIC_URL.key(), publicUrl);
        flags.put(ConfigKey.TLS_CERT.key(), tlsCert);
        flags.put(ConfigKey.TLS_KEY.key(), tlsKey);
        flags.put(ConfigKey.ENTERPRISE.key(), enterprise);
        flags.put(ConfigKey.MAX_BODY_BYTES.key(), maxBodyBytes);
        flags.put(ConfigKey.RATE_LIMIT.key(), rateLimit);
        flags.put(ConfigKey.ANONYMOUS_RATE_LIMIT.key(), anonymousRateLimit);
        flags.put(ConfigKey.JOB_LEASE_SECONDS.key(), jobLeaseSeconds);
        flags.put(ConfigKey.JOB_SERVER_URL.key(), jobServerUrl);
        flags.put(ConfigKey.GIT_DIR.key(), gitDir);
        flags.put(ConfigKey.BLOB_STORE.key(), blobStore);
        flags.put(ConfigKey.S3_ENDPOINT.key(), s3Endpoint);
        flags.put(ConfigKey.S3_REGION.key(), s3Region);
        flags.put(ConfigKey.S3_BUCKET.key(), s3Bucket);
        flags.put(ConfigKey.S3_ACCESS_KEY.key(), s3AccessKey);
        flags.put(ConfigKey.S3_SECRET_KEY.key(), s3SecretKey);
        flags.put(ConfigKey.S3_PATH_STYLE.key(), s3PathStyle);
        flags.put(ConfigKey.SECRET_KEY_FILE.key(), secretKeyFile);
        flags.put(ConfigKey.HOSTED_RUNNER_CATALOG.key(), hostedRunnerCatalog);
        flags.put(ConfigKey.HOSTED_RUNNER_PROVIDER.key(), hostedRunnerProvider);
        flags.put(ConfigKey.HOSTED_RUNNER_IDLE_SECONDS.key(), hostedRunnerIdleSeconds);
        Optional<Path> file = Optional.ofNullable(configFile)
                .or(() -> Optional.ofNullable(environment.get("GANTRY_CONFIG")).filter(value -> !value.isBlank()).map(Path::of));
        return ServerConfigLoader.load(flags, environment, file);
    }
}
