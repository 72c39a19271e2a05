package dev.gantry.engine.permissions;

/** Whether workflows run for pull requests from forks of private repositories, and with what. */
public record ForkPullRequestWorkflows(boolean runWorkflowsFromForkPullRequests, boolean sendWriteTokensToWorkflows,
        boolean sendSecretsAndVariables, boolean requireApprovalForForkPrWorkflows) {
    public static final ForkPullRequestWorkflows DEFAULT = new ForkPullRequestWorkflows(false, false, false, false);
}
