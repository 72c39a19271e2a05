package dev.gantry.engine.deployments;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TestDeploymentProtection {
    @Test
    void aRefABranchPolicyExcludesIsNamedAsGitHubNamesIt() {
        assertThat(DeploymentProtection.refNotAllowed("refs/heads/feature/x", "production"))
                .isEqualTo("Branch \"feature/x\" is not allowed to deploy to production due to environment protection rules.");
        assertThat(DeploymentProtection.refNotAllowed("refs/tags/v1.2", "github-pages"))
                .isEqualTo("Tag \"v1.2\" is not allowed to deploy to github-pages due to environment protection rules.");
    }
}
