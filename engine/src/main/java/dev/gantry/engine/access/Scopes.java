package dev.gantry.engine.access;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * GitHub's classic OAuth scopes and the scopes each one implies
 * (https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/scopes-for-oauth-apps).
 */
public final class Scopes {
    private static final Map<String, List<String>> IMPLIED = Map.ofEntries(
            // GitHub's docs ask for "admin:repository" and "admin:organization" on the cache limit settings, which are
            // no classic scopes a token can be given: repo and admin:org carry them (the caller's role is checked as well).
            Map.entry("repo", List.of("repo:status", "repo_deployment", "public_repo", "repo:invite", "security_events",
                    "admin:repository")),
            Map.entry("admin:repo_hook", List.of("write:repo_hook")),
            Map.entry("write:repo_hook", List.of("read:repo_hook")),
            Map.entry("admin:org", List.of("write:org", "manage_runners:org", "admin:organization")),
            Map.entry("write:org", List.of("read:org")),
            Map.entry("admin:public_key", List.of("write:public_key")),
            Map.entry("write:public_key", List.of("read:public_key")),
            Map.entry("user", List.of("read:user", "user:email", "user:follow")),
            Map.entry("write:packages", List.of("read:packages")),
            Map.entry("admin:gpg_key", List.of("write:gpg_key")),
            Map.entry("write:gpg_key", List.of("read:gpg_key")),
            Map.entry("admin:enterprise", List.of("manage_runners:enterprise", "manage_billing:enterprise", "read:enterprise")),
            Map.entry("manage_billing:enterprise", List.of("read:enterprise")));

    /** Every scope a GitHub token may carry; {@code site_admin} is GitHub Enterprise Server's. */
    public static final Set<String> KNOWN = Set.of(
            "repo", "repo:status", "repo_deployment", "public_repo", "repo:invite", "security_events",
            "admin:repo_hook", "write:repo_hook", "read:repo_hook", "admin:org", "write:org", "read:org",
            "manage_runners:org", "admin:public_key", "write:public_key", "read:public_key", "admin:org_hook",
            "gist", "notifications", "user", "read:user", "user:email", "user:follow", "project", "read:project",
            "delete_repo", "write:packages", "read:packages", "delete:packages", "admin:gpg_key", "write:gpg_key",
            "read:gpg_key", "codespace", "workflow", "admin:enterprise", "manage_runners:enterprise",
            "manage_billing:enterprise", "read:enterprise", "site_admin", "audit_log", "read:audit_log");

    private Scopes() {}

    /** The scopes themselves plus everything they imply, transitively. */
    public static Set<String> expand(Collection<String> scopes) {
        Set<String> result = new LinkedHashSet<>();
        for (String scope : scopes) {
            add(scope, result);
        }
        return Set.copyOf(result);
    }

    private static void add(String scope, Set<String> into) {
        if (into.add(scope)) {
            for (String implied : IMPLIED.getOrDefault(scope, List.of())) {
                add(implied, into);
            }
        }
    }
}
