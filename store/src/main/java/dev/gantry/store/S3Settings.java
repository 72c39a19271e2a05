package dev.gantry.store;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * Where an S3-compatible blob store is and how to sign in. The secret key never leaves this
 * record except to build the client's credentials: {@link #toString} masks it.
 *
 * @param endpoint the service's URL; empty for AWS itself (the region picks the endpoint)
 * @param pathStyle {@code http://host/bucket/key} rather than {@code http://bucket.host/key}, as
 *     MinIO, Ceph and most self-hosted services want
 */
public record S3Settings(
        Optional<URI> endpoint, String region, String bucket, String accessKey, String secretKey, boolean pathStyle) {
    public S3Settings {
        Objects.requireNonNull(endpoint, "endpoint");
        requireText(region, "region");
        requireText(bucket, "bucket");
        requireText(accessKey, "access key");
        requireText(secretKey, "secret key");
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("the S3 " + name + " is required");
        }
    }

    @Override
    public String toString() {
        return "S3Settings[endpoint=" + endpoint.map(URI::toString).orElse("(AWS)") + ", region=" + region
                + ", bucket=" + bucket + ", accessKey=" + accessKey + ", secretKey=****, pathStyle=" + pathStyle + "]";
    }
}
