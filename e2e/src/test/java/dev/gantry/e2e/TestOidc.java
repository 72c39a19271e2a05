package dev.gantry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.gantry.engine.identity.OrganizationRole;
import dev.gantry.protocol.Conclusion;
import dev.gantry.protocol.JobCompletion;
import dev.gantry.protocol.JobMessage;
import dev.gantry.protocol.RegisterResponse;
import dev.gantry.testing.TestingGitHubClient;
import dev.gantry.testing.TestingResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OIDC issuer end to end: the {@code sub} customization operations as GitHub answers them,
 * and tokens a job obtains with its request token, verified by an independent JWT library
 * (nimbus-jose-jwt) against the key set fetched over HTTP from the discovery document.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestOidc {
    private static final String ORG_SUB = "/orgs/octo/actions/oidc/customization/sub";
    private static final String REPO_SUB = "/repos/octo/app/actions/oidc/customization/sub";
    private static final String DEPLOY = """
            name: Deploy
            on: push
            permissions:
              id-token: write
              contents: read
            jobs:
              deploy:
                runs-on: self-hosted
                steps:
                  - run: echo deploying
              plain:
                needs: deploy
                runs-on: self-hosted
                permissions:
                  contents: read
                steps:
                  - run: echo no token here
            """;

    @TempDir
    Path work;

    private TestingGantry gantry;
    private ApiFixtures fixtures;
    private TestingGitHubClient mona;

    @BeforeAll
    void start() {
        gantry = TestingGantry.onSqlite();
        fixtures = new ApiFixtures(gantry);
        mona = fixtures.user("mona", "repo", "admin:org", "workflow");
        fixtures.organization("octo", "mona");
        mona.post("/orgs/octo/repos", "{\"name\":\"app\",\"private\":true}").requireStatus(201);
    }

    @AfterAll
    void stop() {
        gantry.close();
    }

    @Test
    void theSubjectTemplateOperationsAnswerAsGitHubDoes() {
        assertThat(mona.get(ORG_SUB).requireStatus(200).json().get("include_claim_keys"))
                .extracting(JsonNode::asText).containsExactly("repo", "context");
        JsonNode repository = mona.get(REPO_SUB).requireStatus(200).json();
        assertThat(repository.get("use_default").asBoolean()).isTrue();
        assertThat(repository.has("include_claim_keys")).isFalse();
        assertThat(repository.get("sub_claim_prefix").asText()).isEqualTo("repo:octo/app");

        TestingResponse set = mona.put(ORG_SUB, Map.of("include_claim_keys", List.of("repository_owner", "context")));
        assertThat(set.status()).as(set.body()).isEqualTo(201);
        assertThat(set.json().size()).isZero();
        assertThat(mona.get(ORG_SUB).json().get("include_claim_keys")).extracting(JsonNode::asText)
                .containsExactly("repository_owner", "context");
        mona.put(ORG_SUB, Map.of("use_immutable_subject", false)).requireStatus(201);
        assertThat(mona.get(ORG_SUB).json().get("include_claim_keys")).as("an absent field is kept").hasSize(2);

        mona.put(REPO_SUB, Map.of("use_default", false, "include_claim_keys", List.of("repo", "job_workflow_ref"))).requireStatus(201);
        JsonNode custom = mona.get(REPO_SUB).requireStatus(200).json();
        assertThat(custom.get("use_default").asBoolean()).isFalse();
        assertThat(custom.get("include_claim_keys")).extracting(JsonNode::asText).containsExactly("repo", "job_workflow_ref");
        mona.put(REPO_SUB, Map.of("use_default", true, "include_claim_keys", List.of("repo"))).requireStatus(201);
        assertThat(mona.get(REPO_SUB).json().has("include_claim_keys")).as("ignored with use_default, as GitHub documents").isFalse();

        for (Object keys : List.of(List.of(), List.of("repo", "repo"), List.of("has-dash"), List.of("no_such_claim"), List.of(7))) {
            TestingResponse refused = mona.put(ORG_SUB, Map.of("include_claim_keys", keys));
            assertThat(refused.status()).as(keys + ": " + refused.body()).isEqualTo(422);
            assertThat(mona.put(REPO_SUB, Map.of("use_default", false, "include_claim_keys", keys)).status()).as(keys.toString())
                    .isEqualTo(422);
        }
        assertThat(mona.put(REPO_SUB, Map.of("include_claim_keys", List.of("repo"))).status()).as("use_default is required")
                .isEqualTo(422);
        assertThat(mona.request("PUT", REPO_SUB, "{not json").status()).isEqualTo(400);
        assertThat(mona.get(ORG_SUB).json().get("include_claim_keys")).as("nothing changed").hasSize(2);
        assertThat(mona.get(REPO_SUB).json().get("use_default").asBoolean()).isTrue();

        assertThat(mona.get("/orgs/nobody/actions/oidc/customization/sub").status()).isEqualTo(404);
        assertThat(mona.get("/repos/octo/nothing/actions/oidc/customization/sub").status()).isEqualTo(404);
        assertThat(mona.put("/repos/octo/nothing/actions/oidc/customization/sub", Map.of("use_default", true)).status()).isEqualTo(404);
    }

    @Test
    void tokensWithoutTheScopeOrRoleAreRefused() {
        TestingGitHubClient noOrgScope = fixtures.tokenFor("mona", "repo");
        assertThat(noOrgScope.get(ORG_SUB).status()).as("read:org is needed").isEqualTo(403);
        assertThat(noOrgScope.put(ORG_SUB, Map.of("include_claim_keys", List.of("repo"))).status()).isEqualTo(403);
        TestingGitHubClient readOrg = fixtures.tokenFor("mona", "read:org");
        assertThat(readOrg.get(ORG_SUB).status()).isEqualTo(200);
        assertThat(readOrg.put(ORG_SUB, Map.of("include_claim_keys", List.of("repo"))).status()).as("write:org is needed").isEqualTo(403);
        TestingGitHubClient noRepoScope = fixtures.tokenFor("mona", "admin:org");
        assertThat(noRepoScope.get(REPO_SUB).status()).as("a private repository is out of sight without repo").isEqualTo(404);
        assertThat(noRepoScope.put(REPO_SUB, Map.of("use_default", true)).status()).isEqualTo(404);

        TestingGitHubClient member = fixtures.user("hubot", "repo", "admin:org");
        // As `gantry admin add-member` does: Gantry serves no membership operation yet.
        var accounts = gantry.server().core().accounts();
        accounts.addMember(accounts.requireOrganization("octo"), accounts.requireUser("hubot"), OrganizationRole.MEMBER);
        assertThat(member.get(ORG_SUB).status()).as("organization owners only").isEqualTo(403);
        assertThat(member.put(ORG_SUB, Map.of("include_claim_keys", List.of("repo"))).status()).isEqualTo(403);
        assertThat(member.get(REPO_SUB).status()).as("members read the organization's repositories").isEqualTo(200);
        TestingResponse notAdmin = member.put(REPO_SUB, Map.of("use_default", false));
        assertThat(notAdmin.status()).as("GitHub's docs: a repository administrator opts in").isEqualTo(403);
        assertThat(mona.get(REPO_SUB).json().get("use_default").asBoolean()).isTrue();
    }

    @Test
    void aJobsTokenVerifiesAgainstTheKeySetAndItsSubFollowsTheTemplates() throws Exception {
        fixtures.organization("octo-deploy", "mona");
        TestingGitHubClient admin = fixtures.tokenFor("mona", "repo", "admin:org", "workflow");
        admin.post("/orgs/octo-deploy/repos", "{\"name\":\"deploy\",\"private\":true}").requireStatus(201);
        new Pushes(gantry, work).push(admin, "octo-deploy/deploy", Map.of(".github/workflows/deploy.yml", DEPLOY), "Add deploy");
        RegisterResponse registered = ProtocolClient.register(gantry.baseUrl(), admin, "octo-deploy/deploy", "oidc-runner", List.of());
        ProtocolClient runner = new ProtocolClient(gantry.baseUrl(), registered.credential());
        JobMessage job = runner.post("/acquire", Map.of("wait_seconds", 5)).as(JobMessage.class);
        assertThat(job.jobKey()).isEqualTo("deploy");
        assertThat(job.runtime()).isNotNull();
        String requestUrl = job.runtime().idTokenRequestUrl();
        assertThat(requestUrl).startsWith(gantry.baseUrl() + "/_services/token/").contains("?");
        assertThat(job.runtime().idTokenRequestToken()).isEqualTo(job.token());

        JsonNode discovery = raw(null, gantry.baseUrl() + "/_services/token/.well-known/openid-configuration").json();
        String issuer = discovery.get("issuer").asText();
        assertThat(issuer).isEqualTo(gantry.baseUrl() + "/_services/token");
        assertThat(discovery.get("id_token_signing_alg_values_supported")).extracting(JsonNode::asText).containsExactly("RS256");
        assertThat(discovery.get("claims_supported")).extracting(JsonNode::asText).contains("sub", "aud", "job_workflow_ref");
        JWKSet keys = JWKSet.parse(raw(null, discovery.get("jwks_uri").asText()).body());
        assertThat(keys.getKeys()).isNotEmpty().noneMatch(key -> key.isPrivate());

        String token = idToken(requestUrl + "&audience=sts.example.com", job.token());
        JWTClaimsSet claims = verify(token, keys, issuer, "sts.example.com");
        assertThat(claims.getSubject()).isEqualTo("repo:octo-deploy/deploy:ref:refs/heads/main");
        assertThat(claims.getStringClaim("repository")).isEqualTo("octo-deploy/deploy");
        assertThat(claims.getStringClaim("repository_owner")).isEqualTo("octo-deploy");
        assertThat(claims.getStringClaim("repository_visibility")).isEqualTo("private");
        assertThat(claims.getStringClaim("ref")).isEqualTo("refs/heads/main");
        assertThat(claims.getStringClaim("ref_type")).isEqualTo("branch");
        assertThat(claims.getStringClaim("event_name")).isEqualTo("push");
        assertThat(claims.getStringClaim("actor")).isEqualTo("mona");
        assertThat(claims.getStringClaim("workflow")).isEqualTo("Deploy");
        assertThat(claims.getStringClaim("job_workflow_ref")).isEqualTo("octo-deploy/deploy/.github/workflows/deploy.yml@refs/heads/main");
        assertThat(claims.getStringClaim("run_id")).isEqualTo(String.valueOf(job.runId()));
        assertThat(claims.getStringClaim("run_attempt")).isEqualTo("1");
        assertThat(claims.getStringClaim("runner_environment")).isEqualTo("self-hosted");
        assertThat(claims.getStringClaim("sha")).isEqualTo(job.sha());
        assertThat(claims.getClaims()).containsKeys("repository_id", "repository_owner_id", "actor_id", "workflow_sha",
                "job_workflow_sha", "head_ref", "base_ref", "run_number", "jti").doesNotContainKey("environment");
        assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()).isEqualTo(300_000);
        assertThat(verify(idToken(requestUrl, job.token()), keys, issuer, gantry.baseUrl() + "/octo-deploy").getAudience())
                .as("the owner's URL by default").containsExactly(gantry.baseUrl() + "/octo-deploy");

        String templates = "/repos/octo-deploy/deploy/actions/oidc/customization/sub";
        admin.put("/orgs/octo-deploy/actions/oidc/customization/sub", Map.of("include_claim_keys", List.of("repository_owner", "context")))
                .requireStatus(201);
        assertThat(verify(idToken(requestUrl, job.token()), keys, issuer, null).getSubject())
                .as("the organization's template waits for the repository to opt in").isEqualTo("repo:octo-deploy/deploy:ref:refs/heads/main");
        admin.put(templates, Map.of("use_default", false)).requireStatus(201);
        assertThat(verify(idToken(requestUrl, job.token()), keys, issuer, null).getSubject())
                .isEqualTo("repository_owner:octo-deploy:ref:refs/heads/main");
        admin.put(templates, Map.of("use_default", false, "include_claim_keys", List.of("repo", "job_workflow_ref"))).requireStatus(201);
        assertThat(verify(idToken(requestUrl, job.token()), keys, issuer, null).getSubject())
                .isEqualTo("repo:octo-deploy/deploy:job_workflow_ref:octo-deploy/deploy/.github/workflows/deploy.yml@refs/heads/main");
        admin.put(templates, Map.of("use_default", true, "use_immutable_subject", true)).requireStatus(201);
        String immutable = verify(idToken(requestUrl, job.token()), keys, issuer, null).getSubject();
        assertThat(immutable).matches("repo:octo-deploy@\\d+/deploy@\\d+:ref:refs/heads/main");
        admin.put(templates, Map.of("use_default", true, "use_immutable_subject", false)).requireStatus(201);

        TestingResponse noToken = raw(null, requestUrl + "&audience=x");
        assertThat(noToken.status()).isEqualTo(401);
        assertThat(raw("ghp_notatoken", requestUrl).status()).isEqualTo(401);
        assertThat(raw(admin.token(), requestUrl).status()).as("a personal token is not a job's").isEqualTo(401);

        runner.post("/jobs/" + job.jobId() + "/complete", new JobCompletion(Conclusion.SUCCESS, Map.of(), "2026-11-29T00:00:00Z"))
                .status();
        assertThat(raw(job.token(), requestUrl).status()).as("the request token dies with its job").isEqualTo(401);

        JobMessage plain = runner.post("/acquire", Map.of("wait_seconds", 10)).as(JobMessage.class);
        assertThat(plain.jobKey()).isEqualTo("plain");
        assertThat(plain.runtime().idTokenRequestUrl()).as("without id-token: write, neither variable").isNull();
        assertThat(plain.runtime().idTokenRequestToken()).as("without id-token: write, neither variable").isNull();
        TestingResponse refused = raw(plain.token(), requestUrl);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).contains("id-token: write");
    }

    private String idToken(String url, String requestToken) {
        TestingResponse answer = raw(requestToken, url);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.header("Content-Type").orElse("")).startsWith("application/json");
        return answer.json().get("value").asText();
    }

    /** Verifies signature, issuer, audience and times with nimbus, as a cloud provider would. */
    private static JWTClaimsSet verify(String token, JWKSet keys, String issuer, String audience) throws Exception {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, new ImmutableJWKSet<>(keys)));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(audience, new JWTClaimsSet.Builder().issuer(issuer).build(),
                Set.of("sub", "aud", "exp", "iat", "nbf", "jti")));
        assertThat(SignedJWT.parse(token).getHeader().getKeyID()).isIn(keys.getKeys().stream().map(key -> key.getKeyID()).toList());
        return processor.process(token, null);
    }

    private TestingResponse raw(String bearer, String url) {
        assertThat(url).startsWith(gantry.baseUrl());
        Map<String, String> headers = new HashMap<>();
        if (bearer != null) {
            headers.put("Authorization", "Bearer " + bearer);
        }
        return new TestingGitHubClient(gantry.baseUrl()).rawRequest("GET", url.substring(gantry.baseUrl().length()), headers, null);
    }
}
