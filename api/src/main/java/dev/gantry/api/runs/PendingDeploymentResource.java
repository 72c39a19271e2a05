package dev.gantry.api.runs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.api.environments.EnvironmentResource;
import dev.gantry.api.http.ApiRequest;
import dev.gantry.api.http.Json;
import dev.gantry.api.http.Reply;
import dev.gantry.api.http.Route;
import dev.gantry.api.wire.NodeIds;
import dev.gantry.api.wire.Representations;
import dev.gantry.engine.ErrorCategory;
import dev.gantry.engine.GantryException;
import dev.gantry.engine.deployments.DeploymentGate;
import dev.gantry.engine.deployments.DeploymentReview;
import dev.gantry.engine.deployments.PendingDeployments;
import dev.gantry.engine.environments.Environment;
import dev.gantry.engine.identity.Account;
import dev.gantry.engine.identity.AccountStore;
import dev.gantry.engine.runs.Runs;
import dev.gantry.engine.runs.WorkflowRun;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A run's deployment reviews: the pending deployments and their review by required reviewers, the
 * review log, approving a fork pull request's run and custom protection rule callbacks.
 */
public final class PendingDeploymentResource {
    private static final String RUN = "/repos/{owner}/{repo}/actions/runs/{run_id}";
    /** Gantry has no pull requests from forks, so no run ever waits for this approval. */
    static final String NO_APPROVAL_NEEDED = "This workflow run is not waiting for approval";
    /** Only a GitHub App reviews its own custom rule, and Gantry has no GitHub Apps, so no environment has one. */
    static final String NO_CUSTOM_RULE = "GitHub Apps can only review their own custom deployment protection rules";

    private final PendingDeployments deployments;
    private final Runs runs;
    private final AccountStore accounts;
    private final Representations representations;

    public PendingDeploymentResource(PendingDeployments deployments, Runs runs, AccountStore accounts, Representations representations) {
        this.deployments = deployments;
        this.runs = runs;
        this.accounts = accounts;
        this.representations = representations;
    }

    public List<Route> routes() {
        return List.of(
                Route.get(RUN + "/pending_deployments", "actions/get-pending-deployments-for-run", this::pending),
                Route.post(RUN + "/pending_deployments", "actions/review-pending-deployments-for-run", this::review),
                Route.get(RUN + "/approvals", "actions/get-reviews-for-run", this::approvals),
                Route.post(RUN + "/approve", "actions/approve-workflow-run", this::approve),
                Route.post(RUN + "/deployment_protection_rule", "actions/review-custom-gates-for-run", this::customRule));
    }

    private Reply pending(ApiRequest request) {
        WorkflowRun run = run(request);
        long userId = request.caller().user().map(Account::id).orElse(-1L);
        List<Map<String, Object>> body = new ArrayList<>();
        for (PendingDeployments.Pending pending : deployments.pending(run, userId)) {
            DeploymentGate gate = pending.gate();
            Map<String, Object> shown = new LinkedHashMap<>();
            shown.put("environment", EnvironmentResource.summary(request, gate.environmentId(), gate.environmentName()));
            shown.put("wait_timer", gate.waitTimer());
            shown.put("wait_timer_started_at", gate.waitTimer() > 0 ? Json.timestamp(gate.createdAt()) : null);
            shown.put("current_user_can_approve", pending.currentUserCanApprove());
            shown.put("reviewers", pending.reviewers().stream()
                    .map(reviewer -> Map.of("type", "User", "reviewer", representations.simpleUser(reviewer))).toList());
            body.add(shown);
        }
        return Reply.ok(body);
    }

    private Reply review(ApiRequest request) {
        WorkflowRun run = run(request);
        JsonNode body = request.body().node();
        List<Long> environmentIds = new ArrayList<>();
        body.path("environment_ids").forEach(id -> environmentIds.add(id.asLong()));
        List<DeploymentGate> reviewed = deployments.review(run, request.caller().user().orElseThrow().id(), environmentIds,
                body.path("state").asText(), body.path("comment").asText(""));
        Account creator = accounts.findById(run.actorId()).orElse(null);
        return Reply.ok(reviewed.stream().map(gate -> deployment(request, run, gate, creator)).toList());
    }

    private Reply approvals(ApiRequest request) {
        WorkflowRun run = run(request);
        List<Map<String, Object>> body = new ArrayList<>();
        for (DeploymentReview review : deployments.reviews(run)) {
            Optional<Account> user = accounts.findById(review.userId());
            if (user.isEmpty()) {
                continue;
            }
            List<Map<String, Object>> environments = new ArrayList<>();
            for (long environmentId : review.environmentIds()) {
                deployments.environment(run, environmentId).ifPresent(found -> environments.add(environment(request, found)));
            }
            Map<String, Object> shown = new LinkedHashMap<>();
            shown.put("environments", environments);
            shown.put("state", review.state());
            shown.put("user", representations.simpleUser(user.get()));
            shown.put("comment", review.comment());
            body.add(shown);
        }
        return Reply.ok(body);
    }

    private Reply approve(ApiRequest request) {
        run(request);
        throw new GantryException(ErrorCategory.FORBIDDEN, NO_APPROVAL_NEEDED);
    }

    /** The body is checked against the spec's two shapes first (422), as for any request. */
    private Reply customRule(ApiRequest request) {
        run(request);
        throw new GantryException(ErrorCategory.FORBIDDEN, NO_CUSTOM_RULE);
    }

    private Map<String, Object> deployment(ApiRequest request, WorkflowRun run, DeploymentGate gate, Account creator) {
        String repository = "/repos/" + request.owner().login() + "/" + request.repository().name();
        String url = request.urls().api(repository + "/deployments/" + gate.id());
        Instant updated = gate.reviewedAt() != null ? gate.reviewedAt() : gate.createdAt();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("url", url);
        body.put("id", gate.id());
        body.put("node_id", NodeIds.of("Deployment", gate.id()));
        body.put("sha", run.headSha());
        body.put("ref", run.headBranch() != null ? run.headBranch() : run.headSha());
        body.put("task", "deploy");
        body.put("payload", Map.of());
        body.put("original_environment", gate.environmentName());
        body.put("environment", gate.environmentName());
        body.put("description", null);
        body.put("creator", creator == null ? null : representations.simpleUser(creator));
        body.put("created_at", Json.timestamp(gate.createdAt()));
        body.put("updated_at", Json.timestamp(updated));
        body.put("statuses_url", url + "/statuses");
        body.put("repository_url", request.urls().api(repository));
        body.put("transient_environment", false);
        body.put("production_environment", false);
        body.put("performed_via_github_app", null);
        return body;
    }

    private Map<String, Object> environment(ApiRequest request, Environment environment) {
        Map<String, Object> shown = EnvironmentResource.summary(request, environment.id(), environment.name());
        shown.put("created_at", Json.timestamp(environment.createdAt()));
        shown.put("updated_at", Json.timestamp(environment.updatedAt()));
        return shown;
    }

    private WorkflowRun run(ApiRequest request) {
        try {
            return runs.get(request.repository().id(), Long.parseLong(request.parameter("run_id")));
        } catch (NumberFormatException e) {
            throw GantryException.notFound();
        }
    }
}
