package dev.gantry.engine.token;

import dev.gantry.engine.runs.Job;
import dev.gantry.engine.runs.JobStatus;
import dev.gantry.engine.runs.JobStore;
import dev.gantry.engine.runs.RunStore;
import java.nio.ByteBuffer;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongPredicate;
import com.fasterxml.jackson.databind.JsonNode;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Each job's {@code GITHUB_TOKEN}: {@code ghs_} and the job id sealed with HMAC-SHA256 under the
 * server key. Nothing is stored; the token is worth something only while its job is in progress,
 * so it dies the moment the job ends (completed, cancelled, or its runner lost), and its powers
 * are the job's {@code permissions} as planned.
 */
public final class JobTokens {
    public static final String PREFIX = "ghs_";
    private static final String ALGORITHM = "HmacSHA256";
    private static final int MAC_BYTES = 18;

    private final SecretKeySpec key;
    private final JobStore jobs;
    private final RunStore runs;
    private final LongPredicate writesByDefault;

    /**
     * @param writesByDefault whether a repository's job tokens may write when the workflow sets no
     *     {@code permissions} (its default workflow permissions), by repository id
     */
    public JobTokens(byte[] key, JobStore jobs, RunStore runs, LongPredicate writesByDefault) {
        if (key.length < 32) {
            throw new IllegalArgumentException("a signing key needs at least 32 bytes");
        }
        this.key = new SecretKeySpec(key.clone(), ALGORITHM);
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.runs = Objects.requireNonNull(runs, "runs");
        this.writesByDefault = Objects.requireNonNull(writesByDefault, "writesByDefault");
    }

    public String issue(Job job) {
        byte[] id = ByteBuffer.allocate(Long.BYTES).putLong(job.id()).array();
        ByteBuffer token = ByteBuffer.allocate(Long.BYTES + MAC_BYTES).put(id).put(mac(id));
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(token.array());
    }

    /** The grant of a token whose job is still in progress; empty for anything else. */
    public Optional<JobGrant> authenticate(String token) {
        if (token == null || !token.startsWith(PREFIX)) {
            return Optional.empty();
        }
        byte[] decoded;
        try {
            decoded = Base64.getUrlDecoder().decode(token.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (decoded.length != Long.BYTES + MAC_BYTES) {
            return Optional.empty();
        }
        byte[] id = Arrays.copyOf(decoded, Long.BYTES);
        if (!MessageDigest.isEqual(mac(id), Arrays.copyOfRange(decoded, Long.BYTES, decoded.length))) {
            return Optional.empty();
        }
        return jobs.findById(ByteBuffer.wrap(id).getLong())
                .filter(job -> job.status() == JobStatus.IN_PROGRESS)
                .flatMap(job -> runs.findById(job.runId()).map(run -> new JobGrant(job.id(), job.repositoryId(), run.actorId(),
                        permissions(job))));
    }

    /** The default applies only to a job without {@code permissions}, so the setting is read only then. */
    private java.util.Map<String, String> permissions(Job job) {
        JsonNode declared = job.definition().get("permissions");
        return declared == null || declared.isNull() ? JobPermissions.of(declared, writesByDefault.test(job.repositoryId()))
                : JobPermissions.of(declared);
    }

    private byte[] mac(byte[] id) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return Arrays.copyOf(mac.doFinal(id), MAC_BYTES);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
        }
    }
}
