package dev.gantry.engine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.engine.repository.Repository;
import dev.gantry.engine.repository.RepositoryStore;
import dev.gantry.engine.runs.Job;
import dev.gantry.engine.runs.JobStatus;
import dev.gantry.engine.runs.JobStore;
import dev.gantry.engine.runs.RunStore;
import dev.gantry.engine.runs.WorkflowRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Each job's {@code ACTIONS_RUNTIME_TOKEN}: a JWT (HS256 under a key derived from the server key)
 * in the shape GitHub's own libraries read without verifying it. {@code @actions/artifact} takes the
 * run and job from the {@code scp} entry {@code Actions.Results:<run>:<job>} and echoes them in
 * every request; docker buildx reads the cache scopes from {@code ac}. The server trusts only the
 * signature: {@link #verify} answers the grant, and only while the job is in progress, so a token
 * dies with its job as the {@code GITHUB_TOKEN} does.
 */
public final class RuntimeTokens {
    /** A backstop: the job's end is what really ends a token (GitHub's last about as long as a job may run). */
    static final Duration LIFETIME = Duration.ofHours(24);
    private static final String ALGORITHM = "HmacSHA256";
    private static final String ISSUER = "gantry";
    private static final byte[] KEY_LABEL = "gantry actions runtime token v1".getBytes(StandardCharsets.UTF_8);
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final String HEADER = ENCODER.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

    private final SecretKeySpec key;
    private final JobStore jobs;
    private final RunStore runs;
    private final RepositoryStore repositories;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    public RuntimeTokens(byte[] serverKey, JobStore jobs, RunStore runs, RepositoryStore repositories, Clock clock) {
        if (serverKey.length < 32) {
            throw new IllegalArgumentException("a signing key needs at least 32 bytes");
        }
        // Its own key, so that no runtime token can ever pass for a GITHUB_TOKEN or a signed link.
        this.key = new SecretKeySpec(hmac(new SecretKeySpec(serverKey.clone(), ALGORITHM), KEY_LABEL), ALGORITHM);
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.runs = Objects.requireNonNull(runs, "runs");
        this.repositories = Objects.requireNonNull(repositories, "repositories");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The token for {@code job}, whose run and repository must exist. */
    public String issue(Job job) {
        WorkflowRun run = runs.findById(job.runId()).orElseThrow(() -> new IllegalStateException("no run " + job.runId()));
        Repository repository = repositories.findById(job.repositoryId())
                .orElseThrow(() -> new IllegalStateException("no repository " + job.repositoryId()));
        RuntimeGrant grant = new RuntimeGrant(run.id(), job.id(), repository.id(), cacheScopes(run, repository));
        long now = clock.instant().getEpochSecond();
        ObjectNode claims = json.createObjectNode();
        claims.put("iss", ISSUER);
        claims.put("aud", "vso:" + repository.id());
        claims.put("nbf", now);
        claims.put("iat", now);
        claims.put("exp", now + LIFETIME.toSeconds());
        claims.put("scp", "Actions.GenericRead:00000000-0000-0000-0000-000000000000 Actions.UploadArtifacts:" + run.id() + ":" + job.id()
                + " Actions.Results:" + run.id() + ":" + job.id());
        claims.put("ac", acClaim(grant.cacheScopes()));
        claims.put("run_id", grant.runId());
        claims.put("job_id", grant.jobId());
        claims.put("repository_id", grant.repositoryId());
        String signingInput = HEADER + "." + ENCODER.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
        return signingInput + "." + ENCODER.encodeToString(hmac(key, signingInput.getBytes(StandardCharsets.US_ASCII)));
    }

    /** The grant of a token this server signed, unexpired, whose job is still in progress; empty for anything else. */
    public Optional<RuntimeGrant> verify(String token) {
        if (token == null) {
            return Optional.empty();
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3 || !parts[0].equals(HEADER)) {
            return Optional.empty();
        }
        byte[] signature;
        JsonNode claims;
        try {
            signature = Base64.getUrlDecoder().decode(parts[2]);
            byte[] expected = hmac(key, (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!MessageDigest.isEqual(expected, signature)) {
                return Optional.empty();
            }
            claims = json.readTree(Base64.getUrlDecoder().decode(parts[1]));
        } catch (IllegalArgumentException | IOException e) {
            return Optional.empty();
        }
        long now = clock.instant().getEpochSecond();
        if (claims.path("exp").asLong(0) < now || claims.path("nbf").asLong(Long.MAX_VALUE) > now + 60) {
            return Optional.empty();
        }
        long jobId = claims.path("job_id").asLong(-1);
        Optional<Job> job = jobs.findById(jobId).filter(found -> found.status() == JobStatus.IN_PROGRESS);
        if (job.isEmpty() || job.get().runId() != claims.path("run_id").asLong(-1)
                || job.get().repositoryId() != claims.path("repository_id").asLong(-1)) {
            return Optional.empty();
        }
        return Optional.of(new RuntimeGrant(job.get().runId(), jobId, job.get().repositoryId(), parseAc(claims.path("ac").asText(""))));
    }

    /**
     * GitHub's scopes: the run's own ref read and write; for a pull request its base branch, and
     * always the default branch, read only.
     */
    static List<CacheScope> cacheScopes(WorkflowRun run, Repository repository) {
        List<CacheScope> scopes = new ArrayList<>();
        scopes.add(new CacheScope(run.ref(), CacheScope.READ | CacheScope.WRITE));
        String base = run.eventPayload().path("pull_request").path("base").path("ref").asText("");
        if (!base.isEmpty()) {
            addReadable(scopes, base.startsWith("refs/") ? base : "refs/heads/" + base);
        }
        addReadable(scopes, "refs/heads/" + repository.defaultBranch());
        return scopes;
    }

    private static void addReadable(List<CacheScope> scopes, String ref) {
        if (scopes.stream().noneMatch(scope -> scope.scope().equals(ref))) {
            scopes.add(new CacheScope(ref, CacheScope.READ));
        }
    }

    private String acClaim(List<CacheScope> scopes) {
        ArrayNode array = json.createArrayNode();
        for (CacheScope scope : scopes) {
            array.addObject().put("Scope", scope.scope()).put("Permission", scope.permission());
        }
        return array.toString();
    }

    private List<CacheScope> parseAc(String ac) {
        List<CacheScope> scopes = new ArrayList<>();
        try {
            for (JsonNode entry : json.readTree(ac)) {
                scopes.add(new CacheScope(entry.path("Scope").asText(), entry.path("Permission").asInt()));
            }
        } catch (IOException | IllegalArgumentException e) {
            // Signed by us, so well-formed; a token without scopes simply reaches no cache.
            return List.of();
        }
        return scopes;
    }

    private static byte[] hmac(SecretKeySpec key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(data);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
        }
    }
}
