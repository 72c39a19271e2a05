package dev.gantry.api.environments;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.api.http.ApiRequest;
import dev.gantry.api.http.Json;
import dev.gantry.api.http.Reply;
import dev.gantry.api.http.Route;
import dev.gantry.api.wire.NodeIds;
import dev.gantry.api.wire.Representations;
import dev.gantry.engine.environments.Environment;
import dev.gantry.engine.environments.EnvironmentChanges;
import dev.gantry.engine.environments.EnvironmentProtection;
import dev.gantry.engine.environments.Environments;
import dev.gantry.engine.identity.Account;
import dev.gantry.engine.store.Page;
import dev.gantry.engine.store.PageRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** GitHub's deployment environments operations: list, get, create or update (with protection rules), delete. */
public final class EnvironmentResource {
    private static final String ENVIRONMENTS = "/repos/{owner}/{repo}/environments";

    private final Environments environments;
    private final Representations representations;

    public EnvironmentResource(Environments environments, Representations representations) {
        this.environments = environments;
        this.representations = representations;
    }

    public List<Route> routes() {
        return List.of(
                Route.get(ENVIRONMENTS, "repos/get-all-environments", this::list),
                Route.get(ENVIRONMENTS + "/{environment_name}", "repos/get-environment", this::get),
                Route.put(ENVIRONMENTS + "/{environment_name}", "repos/create-or-update-environment", this::createOrUpdate),
                Route.delete(ENVIRONMENTS + "/{environment_name}", "repos/delete-an-environment", this::delete));
    }

    private Reply list(ApiRequest request) {
        PageRequest page = request.pageRequest();
        Page<Environment> found = environments.list(request.repository().id(), page);
        return request.paged(found, page, p -> Map.of("total_count", p.totalCount(),
                "environments", p.items().stream().map(environment -> environment(request, environment)).toList()));
    }

    private Reply get(ApiRequest request) {
        return Reply.ok(environment(request, environments.get(request.repository().id(), request.parameter("environment_name"))));
    }

    private Reply createOrUpdate(ApiRequest request) {
        JsonNode body = request.body().node();
        List<EnvironmentProtection.Reviewer> reviewers = null;
        if (body.has("reviewers")) {
            reviewers = new ArrayList<>();
            for (JsonNode reviewer : body.path("reviewers")) {
                reviewers.add(new EnvironmentProtection.Reviewer(reviewer.path("type").asText("User"), reviewer.path("id").asLong()));
            }
        }
        JsonNode policy = body.path("deployment_branch_policy");
        EnvironmentChanges changes = new EnvironmentChanges(
                body.hasNonNull("wait_timer") ? body.get("wait_timer").asInt() : null,
                body.hasNonNull("prevent_self_review") ? body.get("prevent_self_review").asBoolean() : null,
                reviewers,
                body.has("deployment_branch_policy"),
                policy.isObject() ? new EnvironmentProtection.BranchPolicy(policy.path("protected_branches").asBoolean(),
                        policy.path("custom_branch_policies").asBoolean()) : null);
        Environment environment = environments.createOrUpdate(request.repository().id(), request.parameter("environment_name"), changes);
        return Reply.ok(environment(request, environment));
    }

    private Reply delete(ApiRequest request) {
        environments.delete(request.repository().id(), request.parameter("environment_name"));
        return Reply.noContent();
    }

    /** An environment's id, node id, name and links: what every representation of it starts with. */
    public static Map<String, Object> summary(ApiRequest request, long id, String name) {
        String fullName = request.owner().login() + "/" + request.repository().name();
        String encoded = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("node_id", NodeIds.of("Environment", id));
        body.put("name", name);
        body.put("url", request.urls().api("/repos/" + fullName + "/environments/" + encoded));
        body.put("html_url", request.urls().html("/" + fullName + "/deployments/activity_log?environments_filter=" + encoded));
        return body;
    }

    private Map<String, Object> environment(ApiRequest request, Environment environment) {
        Map<String, Object> body = summary(request, environment.id(), environment.name());
        body.put("created_at", Json.timestamp(environment.createdAt()));
        body.put("updated_at", Json.timestamp(environment.updatedAt()));
        EnvironmentProtection protection = environment.protection();
        List<Map<String, Object>> rules = new ArrayList<>();
        for (Environment.ProtectionRule rule : environment.rules()) {
            Map<String, Object> shown = new LinkedHashMap<>();
            shown.put("id", rule.id());
            shown.put("node_id", NodeIds.of("Gate", rule.id()));
            shown.put("type", rule.type());
            switch (rule.type()) {
                case EnvironmentProtection.WAIT_TIMER -> shown.put("wait_timer", protection.waitTimer());
                case EnvironmentProtection.REQUIRED_REVIEWERS -> {
                    shown.put("prevent_self_review", protection.preventSelfReview());
                    List<Map<String, Object>> reviewers = new ArrayList<>();
                    for (Account reviewer : environments.reviewerAccounts(environment)) {
                        reviewers.add(Map.of("type", "User", "reviewer", representations.simpleUser(reviewer)));
                    }
                    shown.put("reviewers", reviewers);
                }
                default -> { }
            }
            rules.add(shown);
        }
        body.put("protection_rules", rules);
        EnvironmentProtection.BranchPolicy policy = protection.branchPolicy();
        body.put("deployment_branch_policy", policy == null ? null : Map.of("protected_branches", policy.protectedBranches(),
                "custom_branch_policies", policy.customBranchPolicies()));
        return body;
    }
}
