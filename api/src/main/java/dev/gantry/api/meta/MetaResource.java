package dev.gantry.api.meta;

import dev.gantry.api.http.ApiRequest;
import dev.gantry.api.http.ApiUrls;
import dev.gantry.api.http.RateLimiter;
import dev.gantry.api.http.Reply;
import dev.gantry.api.http.Route;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /}, {@code GET /meta} and {@code GET /rate_limit}: what a client asks before anything else. */
public final class MetaResource {
    private final ApiUrls urls;
    private final String version;

    public MetaResource(ApiUrls urls, String version) {
        this.urls = urls;
        this.version = version;
    }

    public List<Route> routes() {
        return List.of(
                Route.get("/", "meta/root", request -> Reply.ok(root())),
                Route.get("/meta", "meta/get", request -> Reply.ok(meta())),
                Route.get("/rate_limit", "rate-limit/get", this::rateLimit));
    }

    private Map<String, Object> root() {
        Map<String, Object> links = new LinkedHashMap<>();
        links.put("current_user_url", urls.api("/user"));
        links.put("current_user_authorizations_html_url", urls.html("/settings/connections/applications{/client_id}"));
        links.put("authorizations_url", urls.api("/authorizations"));
        links.put("code_search_url", urls.api("/search/code?q={query}{&page,per_page,sort,order}"));
        links.put("commit_search_url", urls.api("/search/commits?q={query}{&page,per_page,sort,order}"));
        links.put("emails_url", urls.api("/user/emails"));
        links.put("emojis_url", urls.api("/emojis"));
        links.put("events_url", urls.api("/events"));
        links.put("feeds_url", urls.api("/feeds"));
        links.put("followers_url", urls.api("/user/followers"));
        links.put("following_url", urls.api("/user/following{/target}"));
        links.put("gists_url", urls.api("/gists{/gist_id}"));
        links.put("hub_url", urls.api("/hub"));
        links.put("issue_search_url", urls.api("/search/issues?q={query}{&page,per_page,sort,order}"));
        links.put("issues_url", urls.api("/issues"));
        links.put("keys_url", urls.api("/user/keys"));
        links.put("label_search_url", urls.api("/search/labels?q={query}&repository_id={repository_id}{&page,per_page}"));
        links.put("notifications_url", urls.api("/notifications"));
        links.put("organization_url", urls.api("/orgs/{org}"));
        links.put("organization_repositories_url", urls.api("/orgs/{org}/repos{?type,page,per_page,sort}"));
        links.put("organization_teams_url", urls.api("/orgs/{org}/teams"));
        links.put("public_gists_url", urls.api("/gists/public"));
        links.put("rate_limit_url", urls.api("/rate_limit"));
        links.put("repository_url", urls.api("/repos/{owner}/{repo}"));
        links.put("repository_search_url", urls.api("/search/repositories?q={query}{&page,per_page,sort,order}"));
        links.put("current_user_repositories_url", urls.api("/user/repos{?type,page,per_page,sort}"));
        links.put("starred_url", urls.api("/user/starred{/owner}{/repo}"));
        links.put("starred_gists_url", urls.api("/gists/starred"));
        links.put("topic_search_url", urls.api("/search/topics?q={query}{&page,per_page}"));
        links.put("user_url", urls.api("/users/{user}"));
        links.put("user_organizations_url", urls.api("/user/orgs"));
        links.put("user_repositories_url", urls.api("/users/{user}/repos{?type,page,per_page,sort}"));
        links.put("user_search_url", urls.api("/search/users?q={query}{&page,per_page,sort,order}"));
        return links;
    }

    private Map<String, Object> meta() {
        Map<String, Object> meta = new LinkedHashMap<>();
        // Gantry authenticates git and the API with tokens only, never with account passwords.
        meta.put("verifiable_password_authentication", false);
        meta.put("installed_version", version);
        meta.put("domains", Map.of("website", List.of(urls.publicUrl())));
        return meta;
    }

    private static final int SEARCH_LIMIT_PER_MINUTE = 30;

    private Reply rateLimit(ApiRequest request) {
        RateLimiter.Status status = request.rateLimit();
        Map<String, Object> core = new LinkedHashMap<>();
        core.put("limit", status.limit());
        core.put("remaining", status.remaining());
        core.put("reset", status.resetEpochSeconds());
        core.put("used", Math.min(status.used(), status.limit()));
        // GitHub's schema requires a search bucket; Gantry serves no search API, so nothing ever
        // spends it: GitHub's 30 a minute, all remaining.
        Map<String, Object> search = new LinkedHashMap<>();
        search.put("limit", SEARCH_LIMIT_PER_MINUTE);
        search.put("remaining", SEARCH_LIMIT_PER_MINUTE);
        search.put("reset", request.rateLimit().resetEpochSeconds());
        search.put("used", 0);
        return Reply.ok(Map.of("resources", Map.of("core", core, "search", search), "rate", core));
    }
}
