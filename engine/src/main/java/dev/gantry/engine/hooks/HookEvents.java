package dev.gantry.engine.hooks;

import java.util.Set;

/**
 * The event names a hook may subscribe to: GitHub's webhook events. Gantry delivers
 * {@code workflow_job}, {@code workflow_run} and {@code ping}; the others are accepted, as GitHub
 * accepts them, so a hook made for GitHub is made here unchanged, and simply stay silent.
 */
public final class HookEvents {
    public static final String WILDCARD = "*";
    public static final String PING = "ping";
    public static final String WORKFLOW_JOB = "workflow_job";
    public static final String WORKFLOW_RUN = "workflow_run";

    static final Set<String> KNOWN = Set.of(WILDCARD, "branch_protection_configuration", "branch_protection_rule", "check_run",
            "check_suite", "code_scanning_alert", "commit_comment", "create", "custom_property_values", "delete", "dependabot_alert",
            "deploy_key", "deployment", "deployment_protection_rule", "deployment_review", "deployment_status", "discussion",
            "discussion_comment", "fork", "gollum", "issue_comment", "issues", "label", "member", "membership", "merge_group", "meta",
            "milestone", "organization", "org_block", "package", "page_build", "project", "project_card", "project_column", "public",
            "pull_request", "pull_request_review", "pull_request_review_comment", "pull_request_review_thread", "push",
            "registry_package", "release", "repository", "repository_advisory", "repository_dispatch", "repository_import",
            "repository_ruleset", "repository_vulnerability_alert", "secret_scanning_alert", "secret_scanning_alert_location",
            "security_and_analysis", "star", "status", "team", "team_add", "watch", WORKFLOW_JOB, WORKFLOW_RUN, "workflow_dispatch");

    private HookEvents() {}

    public static boolean isKnown(String event) {
        return KNOWN.contains(event);
    }
}
