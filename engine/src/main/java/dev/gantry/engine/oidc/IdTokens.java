package dev.gantry.engine.oidc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.engine.ErrorCategory;
import dev.gantry.engine.GantryException;
import dev.gantry.engine.identity.Account;
import dev.gantry.engine.identity.AccountStore;
import dev.gantry.engine.repository.Repository;
import dev.gantry.engine.repository.RepositoryStore;
import dev.gantry.engine.runs.CallScope;
import dev.gantry.engine.runs.Job;
import dev.gantry.engine.runs.JobStatus;
import dev.gantry.engine.runs.JobStore;
import dev.gantry.engine.runs.RunContexts;
import dev.gantry.engine.runs.RunStore;
import dev.gantry.engine.runs.WorkflowRun;
import dev.gantry.engine.token.JobGrant;
import dev.gantry.engine.token.JobPermissions;
import dev.gantry.engine.workflows.Workflow;
import dev.gantry.engine.workflows.WorkflowStore;
import dev.gantry.workflow.expression.EvaluationContext;
import dev.gantry.workflow.expression.Expression;
import dev.gantry.workflow.expression.ExpressionException;
import dev.gantry.workflow.expression.ExpressionFunctions;
import dev.gantry.workflow.expression.ExpressionScope;
import dev.gantry.workflow.expression.ExpressionValue;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Mints the OIDC ID tokens of jobs granted {@code id-token: write}: GitHub's claims about the
 * job, a {@code sub} in the repository's (or its organization's) format, signed RS256 with the
 * issuer's current key.
 */
public final class IdTokens {
    /** GitHub's tokens are valid for five minutes from issue. */
    public static final Duration LIFETIME = Duration.ofMinutes(5);
    /** GitHub dates {@code nbf} ten minutes before {@code iat}, forgiving verifiers' clock skew. */
    private static final Duration NOT_BEFORE = Duration.ofMinutes(10);

    /** The claims a token may carry, in the order GitHub writes them; the discovery document lists them. */
    public static final List<String> CLAIMS_SUPPORTED = List.of("jti", "sub", "environment", "aud", "ref", "sha", "repository",
            "repository_owner", "repository_owner_id", "run_id", "run_number", "run_attempt", "repository_visibility",
            "repository_id", "actor_id", "actor", "triggering_actor", "workflow", "head_ref", "base_ref", "event_name",
            "ref_protected", "ref_type", "workflow_ref", "workflow_sha", "job_workflow_ref", "job_workflow_sha",
            "runner_environment", "iss", "nbf", "exp", "iat");

    /** What {@code include_claim_keys} may name: the claims about the job, and GitHub's {@code repo} and {@code context}. */
    static final Set<String> SUBJECT_CLAIM_KEYS = subjectClaimKeys();

    private static final ExpressionScope ENVIRONMENT_SCOPE = ExpressionScope.of("github", "needs", "strategy", "matrix", "vars", "inputs");
    /** Configured once and never changed: Jackson mappers are safe to share once built. */
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JobStore jobs;
    private final RunStore runs;
    private final WorkflowStore workflows;
    private final RepositoryStore repositories;
    private final AccountStore accounts;
    private final RunContexts contexts;
    private final SubjectTemplates subjects;
    private final SigningKeys keys;
    private final Clock clock;

    public IdTokens(JobStore jobs, RunStore runs, WorkflowStore workflows, RepositoryStore repositories, AccountStore accounts,
                    RunContexts contexts, SubjectTemplates subjects, SigningKeys keys, Clock clock) {
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.runs = Objects.requireNonNull(runs, "runs");
        this.workflows = Objects.requireNonNull(workflows, "workflows");
        this.repositories = Objects.requireNonNull(repositories, "repositories");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.contexts = Objects.requireNonNull(contexts, "contexts");
        this.subjects = Objects.requireNonNull(subjects, "subjects");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Whether a job with this planned definition may request tokens: its {@code permissions} grant {@code id-token: write}. */
    public static boolean mayRequest(JsonNode definition) {
        return "write".equals(JobPermissions.of(definition.get("permissions")).get("id_token"));
    }

    /**
     * A signed token for the job the grant belongs to.
     *
     * @param issuer the {@code iss}: the issuer's URL, where its discovery document is found
     * @param serverUrl the server's public URL; the default {@code aud} is the repository owner's URL under it
     * @param audience the {@code aud} the job asked for, if any
     * @throws GantryException {@code FORBIDDEN} when the job is not granted {@code id-token: write};
     *     {@code VALIDATION_FAILED} when the {@code sub} template needs a claim the job lacks
     */
    public String issue(JobGrant grant, String issuer, String serverUrl, Optional<String> audience) {
        if (!grant.allows("id_token", true)) {
            throw new GantryException(ErrorCategory.FORBIDDEN,
                    "The job is not granted the id-token: write permission needed to request an OIDC token");
        }
        Job job = jobs.findById(grant.jobId()).filter(found -> found.status() == JobStatus.IN_PROGRESS)
                .orElseThrow(() -> new GantryException(ErrorCategory.UNAUTHENTICATED, "Bad credentials"));
        WorkflowRun run = runs.findById(job.runId()).orElseThrow(GantryException::notFound);
        Workflow workflow = workflows.findById(run.workflowId()).orElseThrow(GantryException::notFound);
        Repository repository = repositories.findById(job.repositoryId()).orElseThrow(GantryException::notFound);
        Account owner = accounts.findById(repository.ownerId()).orElseThrow(GantryException::notFound);
        Optional<String> environment = environment(job, run, workflow);

        JsonNode github = contexts.github(run, workflow, run.eventPayload());
        Map<String, String> facts = new LinkedHashMap<>();
        environment.ifPresent(name -> facts.put("environment", name));
        for (String name : List.of("ref", "sha", "repository", "repository_owner")) {
            facts.put(name, github.path(name).asText());
        }
        facts.put("repository_owner_id", String.valueOf(owner.id()));
        facts.put("run_id", String.valueOf(run.id()));
        facts.put("run_number", String.valueOf(run.runNumber()));
        facts.put("run_attempt", String.valueOf(job.runAttempt()));
        for (String name : List.of("repository_visibility", "repository_id", "actor_id", "actor", "triggering_actor", "workflow")) {
            facts.put(name, github.path(name).asText());
        }
        JsonNode pullRequest = run.eventPayload().path("pull_request");
        facts.put("head_ref", pullRequest.path("head").path("ref").asText(""));
        facts.put("base_ref", pullRequest.path("base").path("ref").asText(""));
        facts.put("event_name", run.event());
        // Gantry has no branch protection, so no ref is protected.
        facts.put("ref_protected", "false");
        facts.put("ref_type", github.path("ref_type").asText());
        facts.put("workflow_ref", github.path("workflow_ref").asText());
        facts.put("workflow_sha", github.path("workflow_sha").asText());
        // A called workflow's job names the called file; other jobs the run's workflow.
        JsonNode call = job.definition().path(CallScope.CALL);
        facts.put("job_workflow_ref", call.path("workflow_ref").asText(github.path("workflow_ref").asText()));
        facts.put("job_workflow_sha", call.path("workflow_sha").asText(github.path("workflow_sha").asText()));
        facts.put("runner_environment", "self-hosted");

        Instant now = clock.instant();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("sub", subject(subjects.forRepository(repository, owner), repository, owner, run, environment, facts));
        environment.ifPresent(name -> claims.put("environment", name));
        claims.put("aud", audience.filter(value -> !value.isEmpty()).orElse(trimSlash(serverUrl) + "/" + owner.login()));
        facts.forEach((name, value) -> {
            if (!name.equals("environment")) {
                claims.put(name, value);
            }
        });
        claims.put("iss", issuer);
        claims.put("nbf", now.minus(NOT_BEFORE).getEpochSecond());
        claims.put("exp", now.plus(LIFETIME).getEpochSecond());
        claims.put("iat", now.getEpochSecond());
        return sign(claims);
    }

    /**
     * GitHub's {@code sub}: each template key as {@code key:value}, joined by {@code :}, where
     * {@code repo} is {@code repo:OWNER/REPO} and {@code context} is {@code environment:NAME}, else
     * {@code pull_request} for a pull request, else {@code ref:REF}. Colons inside values are {@code %3A}.
     */
    static String subject(SubjectTemplates.SubjectFormat format, Repository repository, Account owner, WorkflowRun run,
                          Optional<String> environment, Map<String, String> facts) {
        List<String> parts = new ArrayList<>();
        for (String key : format.claimKeys()) {
            switch (key) {
                case "repo" -> parts.add("repo:" + repositoryPart(repository, owner, format.immutable()));
                case "context" -> parts.add(environment.map(name -> "environment:" + escape(name))
                        .orElse(run.event().equals("pull_request") ? "pull_request" : "ref:" + escape(run.ref())));
                default -> {
                    String value = facts.get(key);
                    if (value == null) {
                        // GitHub: a template naming environment requires the job to have one.
                        throw GantryException.invalid("The OIDC subject template includes '" + key + "', which this job does not have");
                    }
                    parts.add(key + ":" + escape(value));
                }
            }
        }
        return String.join(":", parts);
    }

    /** {@code OWNER/REPO}, or with immutable subjects {@code OWNER@OWNER-ID/REPO@REPO-ID}. */
    static String repositoryPart(Repository repository, Account owner, boolean immutable) {
        return immutable
                ? owner.login() + "@" + owner.id() + "/" + repository.name() + "@" + repository.id()
                : owner.login() + "/" + repository.name();
    }

    private static String escape(String value) {
        return value.replace(":", "%3A");
    }

    /** The name of the job's {@code environment:} (a name, or a mapping's {@code name}), evaluated when it is an expression. */
    private Optional<String> environment(Job job, WorkflowRun run, Workflow workflow) {
        JsonNode token = job.definition().get("environment");
        if (token != null && token.path("type").asInt(-1) == 2) {
            JsonNode name = null;
            for (JsonNode entry : token.path("map")) {
                if (entry.path("Key").asText().equals("name")) {
                    name = entry.get("Value");
                }
            }
            token = name;
        } else if (token != null && token.isObject() && !token.has("type")) {
            token = token.get("name");
        }
        if (token == null || token.isNull() || token.isMissingNode()) {
            return Optional.empty();
        }
        if (token.isTextual()) {
            return Optional.of(token.asText()).filter(name -> !name.isEmpty());
        }
        if (token.path("type").asInt(-1) == 3) {
            try {
                ExpressionValue value = Expression.parse(token.path("expr").asText(), ENVIRONMENT_SCOPE).evaluate(EvaluationContext.fromJson(
                        contexts.job(job, run, workflow, jobs.listForAttempt(run.id(), job.runAttempt())), ExpressionFunctions.NONE));
                return Optional.of(ExpressionValue.toText(value)).filter(name -> !name.isEmpty());
            } catch (ExpressionException e) {
                throw GantryException.invalid("The job's environment name cannot be evaluated: " + e.getMessage());
            }
        }
        return Optional.of(token.asText()).filter(name -> !name.isEmpty());
    }

    private String sign(Map<String, Object> claims) {
        SigningKeys.PrivateSigningKey key = keys.signing();
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("typ", "JWT");
        header.put("alg", "RS256");
        header.put("kid", key.keyId());
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        try {
            String signingInput = base64.encodeToString(JSON.writeValueAsBytes(header)) + "."
                    + base64.encodeToString(JSON.writeValueAsBytes(claims));
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key.key());
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + base64.encodeToString(signature.sign());
        } catch (JsonProcessingException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign an OIDC token", e);
        }
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static Set<String> subjectClaimKeys() {
        Set<String> keys = new java.util.LinkedHashSet<>(CLAIMS_SUPPORTED);
        keys.removeAll(Set.of("jti", "sub", "aud", "iss", "nbf", "exp", "iat"));
        keys.add("repo");
        keys.add("context");
        return Set.copyOf(keys);
    }
}
