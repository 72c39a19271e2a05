package dev.gantry.server.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Every setting of the server, under one name per source: {@code --data-dir} on the command line,
 * {@code GANTRY_DATA_DIR} in the environment, {@code data-dir:} in the YAML file.
 */
public enum ConfigKey {
    BIND("bind", "127.0.0.1", "Address to listen on."),
    PORT("port", "8080", "Port to listen on (0 picks a free one)."),
    DATA_DIR("data-dir", "./data", "Directory for the SQLite database, git repositories and blobs."),
    DATABASE_URL("database-url", null, "JDBC URL; default jdbc:sqlite:<data-dir>/gantry.db. jdbc:postgresql://... for PostgreSQL."),
    PUBLIC_URL("public-url", null, "Base URL advertised in url/html_url fields and Link headers; default http(s)://<bind>:<port>."),
    TLS_CERT("tls-cert", null, "PEM certificate chain; with --tls-key, serves HTTPS."),
    TLS_KEY("tls-key", null, "PEM private key (PKCS#8) for --tls-cert."),
    ENTERPRISE("enterprise", "gantry", "Slug of the installation's enterprise, for the /enterprises/{enterprise} operations."),
    MAX_BODY_BYTES("max-body-bytes", "1048576", "Largest JSON request body accepted (bigger ones get 413)."),
    RATE_LIMIT("rate-limit", "5000", "Requests per hour for an authenticated caller."),
    ANONYMOUS_RATE_LIMIT("anonymous-rate-limit", "60", "Requests per hour for an anonymous caller, per address."),
    JOB_LEASE_SECONDS("job-lease-seconds", "120", "How long a runner may go silent before its job fails as lost."),
    JOB_SERVER_URL("job-server-url", null, "GITHUB_SERVER_URL handed to jobs, e.g. http://gantry.localhost:8080 (a *.localhost host, "
            + "which GitHub's artifact and cache libraries accept); default the public URL."),
    GIT_DIR("git-dir", null, "Directory for the hosted git repositories; default <data-dir>/git. With several nodes, a filesystem "
            + "they all mount (NFS, EFS), since git is not kept in the database or S3."),
    BLOB_STORE("blob-store", "fs", "Where logs, artifacts and caches go: fs (<data-dir>/blobs) or s3."),
    S3_ENDPOINT("s3-endpoint", null, "URL of an S3-compatible service (MinIO, Ceph, ...); default AWS for the region."),
    S3_REGION("s3-region", "us-east-1", "The bucket's region."),
    S3_BUCKET("s3-bucket", null, "The bucket blobs go to; required with --blob-store s3."),
    S3_ACCESS_KEY("s3-access-key", null, "Access key id; required with --blob-store s3."),
    S3_SECRET_KEY("s3-secret-key", null, "Secret access key; required with --blob-store s3. Prefer GANTRY_S3_SECRET_KEY (flags show in ps)."),
    S3_PATH_STYLE("s3-path-style", "true", "Address the bucket in the path (http://host/bucket/key), as most self-hosted services want."),
    SECRET_KEY_FILE("secret-key-file", null, "File holding the base64 32-byte master key that seals Actions secrets at rest; "
            + "default <data-dir>/keys/secrets.key, made on first start. GANTRY_SECRET_KEY gives the key itself."),
    HOSTED_RUNNER_CATALOG("hosted-runner-catalog", null, "YAML file of the images, machine sizes, platforms and limits hosted runner "
            + "pools are made from; default the built-in catalog (GitHub's images and sizes, 50 runners a pool, 50 static IPs)."),
    HOSTED_RUNNER_PROVIDER("hosted-runner-provider", "local", "How hosted runner pools get their runners: local (child processes of "
            + "the server, each in its own directory under <data-dir>/hosted-runners) or none (pools are kept but never started)."),
    HOSTED_RUNNER_IDLE_SECONDS("hosted-runner-idle-seconds", "300", "How long a hosted runner that got no job may wait before it is "
            + "stopped.");

    private final String key;
    private final String defaultValue;
    private final String description;

    ConfigKey(String key, String defaultValue, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    /** The name in the YAML file; the flag is {@code --} + this. */
    public String key() {
        return key;
    }

    public String environmentVariable() {
        return "GANTRY_" + key.replace('-', '_').toUpperCase(Locale.ROOT);
    }

    public Optional<String> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    public String description() {
        return description;
    }

    public static Optional<ConfigKey> fromKey(String key) {
        return Arrays.stream(values()).filter(candidate -> candidate.key.equals(key)).findFirst();
    }
}
