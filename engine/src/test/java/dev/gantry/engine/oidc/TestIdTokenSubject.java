package dev.gantry.engine.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.gantry.engine.identity.Account;
import dev.gantry.engine.identity.AccountType;
import dev.gantry.engine.identity.Profile;
import dev.gantry.engine.repository.Repository;
import dev.gantry.engine.repository.RepositorySettings;
import dev.gantry.engine.repository.Visibility;
import dev.gantry.engine.runs.RunStatus;
import dev.gantry.engine.runs.WorkflowRun;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** GitHub's {@code sub} formats, from the examples of its OIDC reference. */
class TestIdTokenSubject {
    private static final Instant NOW = Instant.parse("2026-11-29T00:00:00Z");
    private static final Account OWNER = new Account(123456, "octo-org", AccountType.ORGANIZATION, Profile.empty(), false, "read",
            NOW, NOW);
    private static final Repository REPOSITORY = new Repository(456789, OWNER.id(), "octo-repo", null, null, Visibility.PRIVATE,
            "main", false, RepositorySettings.defaults(), NOW, NOW, null);
    private static final SubjectTemplates.SubjectFormat DEFAULT = new SubjectTemplates.SubjectFormat(List.of("repo", "context"), false);

    @Test
    void theDefaultNamesTheEnvironmentElseAPullRequestElseTheRef() {
        assertThat(subject(DEFAULT, run("push", "refs/heads/demo-branch"), Optional.empty()))
                .isEqualTo("repo:octo-org/octo-repo:ref:refs/heads/demo-branch");
        assertThat(subject(DEFAULT, run("push", "refs/tags/demo-tag"), Optional.empty()))
                .isEqualTo("repo:octo-org/octo-repo:ref:refs/tags/demo-tag");
        assertThat(subject(DEFAULT, run("pull_request", "refs/pull/1/merge"), Optional.empty()))
                .isEqualTo("repo:octo-org/octo-repo:pull_request");
        assertThat(subject(DEFAULT, run("pull_request", "refs/pull/1/merge"), Optional.of("Production")))
                .isEqualTo("repo:octo-org/octo-repo:environment:Production");
    }

    @Test
    void colonsInValuesAreEscapedAndImmutableSubjectsCarryIds() {
        assertThat(subject(DEFAULT, run("push", "refs/heads/main"), Optional.of("Production:V1")))
                .isEqualTo("repo:octo-org/octo-repo:environment:Production%3AV1");
        assertThat(subject(new SubjectTemplates.SubjectFormat(List.of("environment", "repository_owner"), false),
                run("push", "refs/heads/main"), Optional.of("production:eastus")))
                .isEqualTo("environment:production%3Aeastus:repository_owner:octo-org");
        assertThat(subject(new SubjectTemplates.SubjectFormat(List.of("repo", "context"), true), run("push", "refs/heads/main"),
                Optional.empty())).isEqualTo("repo:octo-org@123456/octo-repo@456789:ref:refs/heads/main");
    }

    @Test
    void aTemplateNamingAClaimTheJobLacksRefusesTheToken() {
        assertThatThrownBy(() -> subject(new SubjectTemplates.SubjectFormat(List.of("repo", "environment"), false),
                run("push", "refs/heads/main"), Optional.empty())).hasMessageContaining("environment");
    }

    private static String subject(SubjectTemplates.SubjectFormat format, WorkflowRun run, Optional<String> environment) {
        Map<String, String> facts = new java.util.LinkedHashMap<>(Map.of("repository_owner", OWNER.login(), "ref", run.ref()));
        environment.ifPresent(name -> facts.put("environment", name));
        return IdTokens.subject(format, REPOSITORY, OWNER, run, environment, facts);
    }

    private static WorkflowRun run(String event, String ref) {
        return new WorkflowRun(1, REPOSITORY.id(), 1, 1, 1, "CI", "CI", event, "abc", null, ref, 1, 1,
                JsonNodeFactory.instance.objectNode(), JsonNodeFactory.instance.objectNode(), RunStatus.IN_PROGRESS, null, null, null,
                NOW, NOW, NOW);
    }
}
