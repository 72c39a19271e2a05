package dev.gantry.testing;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Minimal response bodies, written by hand from the required fields of GitHub's schemas (not
 * generated from the spec, so a validator that accepted anything would not pass by construction).
 */
final class GitHubBodies {
    static final String API = "https://api.github.com";
    static final String TIME = "2026-01-02T03:04:05Z";

    private GitHubBodies() {
    }

    static ObjectNode simpleUser(String login) {
        ObjectNode user = object()
                .put("login", login).put("id", 1).put("node_id", "MDQ6VXNlcjE=").put("gravatar_id", "")
                .put("type", "User").put("site_admin", false)
                .put("url", API + "/users/" + login).put("html_url", "https://github.com/" + login)
                .put("avatar_url", "https://avatars.githubusercontent.com/u/1?v=4");
        for (String link : new String[] {"followers", "organizations", "received_events", "repos", "subscriptions"}) {
            user.put(link + "_url", API + "/users/" + login + "/" + link);
        }
        // These are URI templates in GitHub's answers, so the spec does not give them format: uri.
        user.put("following_url", API + "/users/" + login + "/following{/other_user}");
        user.put("gists_url", API + "/users/" + login + "/gists{/gist_id}");
        user.put("starred_url", API + "/users/" + login + "/starred{/owner}{/repo}");
        user.put("events_url", API + "/users/" + login + "/events{/privacy}");
        return user;
    }

    static ObjectNode minimalRepository(String owner, String name) {
        String url = API + "/repos/" + owner + "/" + name;
        ObjectNode repository = object()
                .put("id", 42).put("node_id", "R_kgDOAAAAKg").put("name", name).put("full_name", owner + "/" + name)
                .put("private", false).put("fork", false).putNull("description")
                .put("url", url).put("html_url", "https://github.com/" + owner + "/" + name);
        repository.set("owner", simpleUser(owner));
        for (String link : new String[] {"contributors", "deployments", "downloads", "events", "forks", "hooks", "languages",
                "merges", "stargazers", "subscribers", "subscription", "tags", "teams"}) {
            repository.put(link + "_url", url + "/" + link);
        }
        for (String template : new String[] {"archive_url", "assignees_url", "blobs_url", "branches_url", "collaborators_url",
                "comments_url", "commits_url", "compare_url", "contents_url", "git_commits_url", "git_refs_url", "git_tags_url",
                "issue_comment_url", "issue_events_url", "issues_url", "keys_url", "labels_url", "milestones_url",
                "notifications_url", "pulls_url", "releases_url", "statuses_url", "trees_url"}) {
            repository.put(template, url + "/" + template.replace("_url", "") + "{/number}");
        }
        return repository;
    }

    static ObjectNode fullRepository(String owner, String name) {
        ObjectNode repository = minimalRepository(owner, name)
                .put("clone_url", "https://github.com/" + owner + "/" + name + ".git")
                .put("git_url", "git://github.com/" + owner + "/" + name + ".git")
                .put("ssh_url", "git@github.com:" + owner + "/" + name + ".git")
                .put("svn_url", "https://github.com/" + owner + "/" + name)
                .put("default_branch", "main")
                .putNull("homepage").putNull("language").putNull("mirror_url").putNull("license")
                .put("has_issues", true).put("has_projects", false).put("has_wiki", false).put("has_pages", false)
                .put("has_discussions", false).put("archived", false).put("disabled", false)
                .put("forks", 0).put("forks_count", 0).put("open_issues", 0).put("open_issues_count", 0)
                .put("size", 12).put("stargazers_count", 0).put("watchers", 0).put("watchers_count", 0)
                .put("network_count", 0).put("subscribers_count", 0)
                .put("pushed_at", TIME).put("created_at", TIME).put("updated_at", TIME);
        return repository;
    }

    static ObjectNode workflowRun(String owner, String name, long id) {
        String repositoryUrl = API + "/repos/" + owner + "/" + name;
        String runUrl = repositoryUrl + "/actions/runs/" + id;
        ObjectNode run = object()
                .put("id", id).put("node_id", "WFR_kwLOAAAAKs8AAAAB").put("head_branch", "main").put("run_number", 7)
                .put("display_title", "Add CI").put("event", "push").put("status", "completed").put("conclusion", "success")
                .put("head_sha", "0123456789abcdef0123456789abcdef01234567").put("path", ".github/workflows/ci.yml")
                .put("workflow_id", 5).put("url", runUrl).put("html_url", "https://github.com/" + owner + "/" + name + "/actions/runs/" + id)
                .put("created_at", TIME).put("updated_at", TIME)
                .put("jobs_url", runUrl + "/jobs").put("logs_url", runUrl + "/logs").put("check_suite_url", repositoryUrl + "/check-suites/9")
                .put("cancel_url", runUrl + "/cancel").put("rerun_url", runUrl + "/rerun").put("artifacts_url", runUrl + "/artifacts")
                .put("workflow_url", repositoryUrl + "/actions/workflows/5");
        ObjectNode headCommit = run.putObject("head_commit")
                .put("id", "0123456789abcdef0123456789abcdef01234567").put("tree_id", "89abcdef0123456789abcdef0123456789abcdef")
                .put("message", "Add CI").put("timestamp", TIME);
        headCommit.putObject("author").put("name", "Mona Lisa").put("email", "mona@example.com");
        headCommit.putObject("committer").put("name", "Mona Lisa").put("email", "mona@example.com");
        run.set("head_repository", minimalRepository(owner, name));
        run.set("repository", minimalRepository(owner, name));
        run.putArray("pull_requests");
        return run;
    }

    static ObjectNode workflowRuns(ObjectNode... runs) {
        ObjectNode list = object().put("total_count", runs.length);
        list.putArray("workflow_runs").addAll(java.util.List.of(runs));
        return list;
    }

    static ObjectNode root() {
        ObjectNode root = object();
        for (String field : new String[] {"current_user_url", "current_user_authorizations_html_url", "authorizations_url",
                "code_search_url", "commit_search_url", "emails_url", "emojis_url", "events_url", "feeds_url", "followers_url",
                "following_url", "gists_url", "issue_search_url", "issues_url", "keys_url", "label_search_url",
                "notifications_url", "organization_url", "organization_repositories_url", "organization_teams_url",
                "public_gists_url", "rate_limit_url", "repository_url", "repository_search_url",
                "current_user_repositories_url", "starred_url", "starred_gists_url", "user_url", "user_organizations_url",
                "user_repositories_url", "user_search_url"}) {
            root.put(field, API + "/" + field.replace("_url", ""));
        }
        return root;
    }

    static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }
}
