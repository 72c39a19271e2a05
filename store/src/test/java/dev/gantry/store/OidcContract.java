package dev.gantry.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.engine.oidc.IdTokens;
import dev.gantry.engine.oidc.KeyRotation;
import dev.gantry.engine.oidc.SigningKeys;
import dev.gantry.engine.oidc.SubjectTemplate;
import dev.gantry.engine.oidc.SubjectTemplates;
import dev.gantry.engine.queue.ClaimedJob;
import dev.gantry.engine.runs.RunContexts;
import dev.gantry.engine.secrets.MasterKeys;
import dev.gantry.engine.token.JobGrant;
import dev.gantry.engine.token.JobPermissions;
import dev.gantry.engine.workflows.JobDefinition;
import dev.gantry.engine.workflows.JobLeg;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OIDC issuer over the real stores: keys that rotate with a published overlap, shared by
 * nodes through the database and sealed at rest; the {@code sub} templates as stored.
 */
abstract class OidcContract extends DatabaseContract {
    private static final String ISSUER = "https://ci.example.com/_services/token";
    private static final KeyRotation ROTATION = new KeyRotation(Duration.ofDays(30), Duration.ofDays(1), Duration.ofDays(1));
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path gitRoot;

    private RunEngineFixture engine;
    private SecureRandom random;
    private MasterKeys masterKeys;
    private SigningKeys keys;
    private IdTokens tokens;
    private JobGrant grant;

    @BeforeEach
    final void startJob() {
        database.jdbi().useHandle(handle -> handle.execute("DELETE FROM oidc_signing_keys"));
        engine = new RunEngineFixture(database, gitRoot.resolve(String.valueOf(System.nanoTime())));
        random = new SecureRandom();
        masterKeys = new MasterKeys(random, new byte[32]);
        keys = signingKeys(masterKeys);
        SqlRepositoryStore repositories = new SqlRepositoryStore(database);
        SqlAccountStore accounts = new SqlAccountStore(database);
        tokens = new IdTokens(engine.jobStore, engine.runStore, engine.workflowStore, repositories, accounts,
                new RunContexts(repositories, accounts, engine.variables), new SubjectTemplates(new SqlSubjectTemplateStore(database)), keys, engine.clock);

        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.putArray("steps").addObject().put("run", "echo deploy");
        body.putObject("permissions").put("id-token", "write").put("contents", "read");
        engine.compiler.define("ci", TestingWorkflowCompiler.workflow("Deploy", TestingWorkflowCompiler.PUSH_TO_MAIN,
                new JobDefinition("deploy", List.of(), null, List.of(new JobLeg("deploy", null, List.of("self-hosted"), false)), true, 0,
                        body)));
        engine.push("main", Map.of(".github/workflows/ci.yml", "ci"), "Add CI");
        ClaimedJob job = engine.queue.claim(engine.runner("box")).orElseThrow();
        grant = new JobGrant(job.jobId(), job.repositoryId(), engine.owner.id(), JobPermissions.of(job.definition().get("permissions")));
    }

    private SigningKeys signingKeys(MasterKeys sealing) {
        return new SigningKeys(new SqlSigningKeyStore(database), sealing, random, engine.clock, ROTATION);
    }

    @Test
    void keysRotateWithTheNextPublishedAheadAndTheLastKeptForTheOverlap() throws Exception {
        String first = issue();
        String firstKey = keyIdOf(first);
        assertThat(publishedIds()).containsExactly(firstKey);

        engine.clock.advance(Duration.ofDays(30));
        String second = issue();
        assertThat(keyIdOf(second)).as("a new key is published a day before it signs").isEqualTo(firstKey);
        List<String> both = publishedIds();
        assertThat(both).hasSize(2).startsWith(firstKey);
        String nextKey = both.get(1);

        engine.clock.advance(Duration.ofDays(1));
        String third = issue();
        assertThat(keyIdOf(third)).isEqualTo(nextKey);
        assertThat(publishedIds()).as("the replaced key stays for the overlap").containsExactly(firstKey, nextKey);
        assertThat(verifies(second)).as("a token of the old key still verifies against the key set").isTrue();
        assertThat(verifies(third)).isTrue();

        engine.clock.advance(Duration.ofDays(1));
        assertThat(publishedIds()).containsExactly(nextKey);
        assertThat(verifies(second)).isFalse();
        assertThat(verifies(third)).isTrue();
        assertThat(count("oidc_signing_keys")).as("an expired key is deleted, not only hidden").isEqualTo(1);
    }

    @Test
    void nodesShareTheKeysAndRacingRotationsMakeOneKey() throws Exception {
        SigningKeys otherNode = signingKeys(masterKeys);
        String token = issue();
        assertThat(otherNode.published()).extracting(SigningKeys.PublicSigningKey::keyId).containsExactly(keyIdOf(token));

        engine.clock.advance(Duration.ofDays(30));
        keys.rotateIfDue();
        otherNode.rotateIfDue();
        assertThat(count("oidc_signing_keys")).isEqualTo(2);
        assertThat(otherNode.published()).extracting(SigningKeys.PublicSigningKey::keyId).isEqualTo(publishedIds());
    }

    @Test
    void privateKeysAreSealedUnderTheMasterKey() throws Exception {
        issue();
        String stored = database.jdbi().withHandle(handle -> handle.createQuery("SELECT private_key FROM oidc_signing_keys")
                .mapTo(String.class).one());
        // Every PKCS#8 RSA key carries the rsaEncryption OID near its start; sealed, the column does not.
        assertThat(java.util.HexFormat.of().formatHex(Base64.getDecoder().decode(stored))).doesNotContain("06092a864886f70d010101");
        IdTokens elsewhere = new IdTokens(engine.jobStore, engine.runStore, engine.workflowStore, new SqlRepositoryStore(database),
                new SqlAccountStore(database), new RunContexts(new SqlRepositoryStore(database), new SqlAccountStore(database), engine.variables),
                new SubjectTemplates(new SqlSubjectTemplateStore(database)), signingKeys(new MasterKeys(random, otherKey())), engine.clock);
        assertThatThrownBy(() -> elsewhere.issue(grant, ISSUER, "https://ci.example.com", Optional.empty()))
                .hasMessageNotContaining(stored).hasMessageContaining("master key");
    }

    @Test
    void theTokenCarriesTheJobsClaims() throws Exception {
        JsonNode claims = claimsOf(tokens.issue(grant, ISSUER, "https://ci.example.com/", Optional.of("sts.example.com")));
        assertThat(claims.get("sub").asText()).isEqualTo("repo:octo/hello:ref:refs/heads/main");
        assertThat(claims.get("aud").asText()).isEqualTo("sts.example.com");
        assertThat(claims.get("iss").asText()).isEqualTo(ISSUER);
        assertThat(claims.get("repository").asText()).isEqualTo("octo/hello");
        assertThat(claims.get("repository_id").asText()).isEqualTo(String.valueOf(engine.repository.id()));
        assertThat(claims.get("repository_owner_id").asText()).isEqualTo(String.valueOf(engine.owner.id()));
        assertThat(claims.get("job_workflow_ref").asText()).isEqualTo("octo/hello/.github/workflows/ci.yml@refs/heads/main");
        assertThat(claims.get("runner_environment").asText()).isEqualTo("self-hosted");
        assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(300);
        assertThat(claims.has("environment")).isFalse();
        assertThat(claimsOf(tokens.issue(grant, ISSUER, "https://ci.example.com/", Optional.empty())).get("aud").asText())
                .as("the owner's URL by default").isEqualTo("https://ci.example.com/octo");

        JobGrant withoutIdToken = new JobGrant(grant.jobId(), grant.repositoryId(), grant.actorId(), Map.of("contents", "read"));
        assertThatThrownBy(() -> tokens.issue(withoutIdToken, ISSUER, "https://ci.example.com", Optional.empty()))
                .hasMessageContaining("id-token: write");
    }

    @Test
    void subjectTemplatesAreStoredPerOrganizationAndRepository() {
        SqlSubjectTemplateStore store = new SqlSubjectTemplateStore(database);
        long repository = engine.repository.id();
        assertThat(store.findForRepository(repository)).isEmpty();
        store.putForRepository(repository, new SubjectTemplate(false, Optional.of(List.of("repo", "job_workflow_ref")), Optional.empty()));
        store.putForRepository(repository, new SubjectTemplate(false, Optional.of(List.of("repository_id")), Optional.of(true)));
        assertThat(store.findForRepository(repository))
                .contains(new SubjectTemplate(false, Optional.of(List.of("repository_id")), Optional.of(true)));
        long organization = new SqlAccountStore(database).create(StoreFixtures.organization("octo-org")).id();
        store.putForOrganization(organization, new SubjectTemplate(false, Optional.empty(), Optional.of(false)));
        assertThat(store.findForOrganization(organization)).contains(new SubjectTemplate(false, Optional.empty(), Optional.of(false)));

        new SqlRepositoryStore(database).delete(repository);
        assertThat(store.findForRepository(repository)).isEmpty();
        database.jdbi().useHandle(handle -> handle.execute("DELETE FROM accounts"));
        assertThat(count("oidc_organization_subjects")).isZero();
    }

    private String issue() {
        return tokens.issue(grant, ISSUER, "https://ci.example.com", Optional.empty());
    }

    private static byte[] otherKey() {
        byte[] key = new byte[32];
        key[0] = 1;
        return key;
    }

    private List<String> publishedIds() {
        return keys.published().stream().map(SigningKeys.PublicSigningKey::keyId).toList();
    }

    private static String keyIdOf(String jwt) throws Exception {
        return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[0])).get("kid").asText();
    }

    private static JsonNode claimsOf(String jwt) throws Exception {
        return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    }

    /** Checks the RS256 signature against the key of the published set the token names, if there is one. */
    private boolean verifies(String jwt) throws Exception {
        String kid = keyIdOf(jwt);
        Optional<SigningKeys.PublicSigningKey> key = keys.published().stream().filter(candidate -> candidate.keyId().equals(kid)).findFirst();
        if (key.isEmpty()) {
            return false;
        }
        String[] parts = jwt.split("\\.");
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initVerify(key.get().key());
        signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        return signature.verify(Base64.getUrlDecoder().decode(parts[2]));
    }
}
