package dev.gantry.api.runners;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.api.http.ApiRequest;
import dev.gantry.api.http.Reply;
import dev.gantry.api.http.Route;
import dev.gantry.api.runner.RunnerDistribution;
import dev.gantry.engine.GantryException;
import dev.gantry.engine.queue.JobQueue;
import dev.gantry.engine.runners.IssuedRegistrationToken;
import dev.gantry.engine.runners.RegisteredRunner;
import dev.gantry.engine.runners.Runner;
import dev.gantry.engine.runners.RunnerGroup;
import dev.gantry.engine.runners.RunnerLabel;
import dev.gantry.engine.runners.RunnerToken;
import dev.gantry.engine.runners.Runners;
import dev.gantry.engine.scope.ActionsScope;
import dev.gantry.engine.store.Page;
import dev.gantry.engine.store.PageRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The self-hosted runners of a repository ({@code /repos/{owner}/{repo}/actions/runners…}) and of
 * an organization ({@code /orgs/{org}/actions/runners…}): registration and remove tokens, JIT
 * configs, listing, reading and removing runners, and their labels.
 */
public final class RunnerResource {
    private final Runners runners;
    private final JobQueue queue;
    private final JitConfigs jitConfigs;
    private final Clock clock;
    private final RunnerDistribution distribution;

    public RunnerResource(Runners runners, JobQueue queue, RunnerDistribution distribution, ObjectMapper json, Clock clock) {
        this.distribution = Objects.requireNonNull(distribution, "distribution");
        this.runners = Objects.requireNonNull(runners, "runners");
        this.queue = Objects.requireNonNull(queue, "queue");
        this.jitConfigs = new JitConfigs(json);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public List<Route> routes() {
        List<Route> routes = new ArrayList<>();
        addRoutes(routes, "/repos/{owner}/{repo}/actions/runners", "actions/", "for-repo", "from-repo");
        addRoutes(routes, "/orgs/{org}/actions/runners", "actions/", "for-org", "from-org");
        // GitHub Enterprise Server's: the same operations but JIT configs.
        addRoutes(routes, "/enterprises/{enterprise}/actions/runners", "enterprise-admin/", "for-enterprise", "from-enterprise");
        return routes;
    }

    private void addRoutes(List<Route> routes, String base, String area, String forLevel, String fromLevel) {
        routes.add(Route.post(base + "/registration-token", area + "create-registration-token-" + forLevel,
                request -> token(request, RunnerToken.Purpose.REGISTER)));
        routes.add(Route.post(base + "/remove-token", area + "create-remove-token-" + forLevel,
                request -> token(request, RunnerToken.Purpose.REMOVE)));
        routes.add(Route.get(base + "/downloads", area + "list-runner-applications-" + forLevel, this::downloads));
        if (!forLevel.equals("for-enterprise")) {
            routes.add(Route.post(base + "/generate-jitconfig", area + "generate-runner-jitconfig-" + forLevel, this::generateJitConfig));
        }
        routes.add(Route.get(base, area + "list-self-hosted-runners-" + forLevel, this::list));
        routes.add(Route.get(base + "/{runner_id}", area + "get-self-hosted-runner-" + forLevel, this::get));
        routes.add(Route.delete(base + "/{runner_id}", area + "delete-self-hosted-runner-" + fromLevel, this::delete));
        routes.add(Route.get(base + "/{runner_id}/labels", area + "list-labels-for-self-hosted-runner-" + forLevel, this::labels));
        routes.add(Route.post(base + "/{runner_id}/labels", area + "add-custom-labels-to-self-hosted-runner-" + forLevel,
                request -> labelsReply(runners.addLabels(scope(request), runnerId(request), request.body().strings("labels")))));
        routes.add(Route.put(base + "/{runner_id}/labels", area + "set-custom-labels-for-self-hosted-runner-" + forLevel,
                request -> labelsReply(runners.setLabels(scope(request), runnerId(request), request.body().strings("labels")))));
        routes.add(Route.delete(base + "/{runner_id}/labels", area + "remove-all-custom-labels-from-self-hosted-runner-" + forLevel,
                request -> labelsReply(runners.setLabels(scope(request), runnerId(request), List.of()))));
        routes.add(Route.delete(base + "/{runner_id}/labels/{name}", area + "remove-custom-label-from-self-hosted-runner-" + forLevel,
                request -> labelsReply(runners.removeLabel(scope(request), runnerId(request), request.parameter("name")))));
    }

    /** The runners' scope, from the operation: the enterprise's, an organization's or the repository's. */
    static ActionsScope scope(ApiRequest request) {
        if (request.operationId().endsWith("-enterprise")) {
            return ActionsScope.enterprise();
        }
        return request.operationId().endsWith("-org") ? ActionsScope.organization(request.organization().id())
                : ActionsScope.repository(request.repository().id());
    }

    private Reply token(ApiRequest request, RunnerToken.Purpose purpose) {
        IssuedRegistrationToken token = runners.createToken(scope(request), purpose);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token", token.token());
        body.put("expires_at", token.expiresAt());
        return Reply.created(body);
    }

    /**
     * The distribution this server serves ({@link RunnerDistribution}): one Java archive, listed
     * for each OS and architecture GitHub lists, since the same archive runs on all of them.
     */
    private Reply downloads(ApiRequest request) {
        scope(request);
        RunnerDistribution.Archive archive = distribution.archive();
        List<Map<String, Object>> applications = new ArrayList<>();
        for (String[] platform : new String[][] {{"linux", "x64"}, {"linux", "arm64"}, {"osx", "x64"}, {"osx", "arm64"}, {"win", "x64"},
                {"win", "arm64"}}) {
            Map<String, Object> application = new LinkedHashMap<>();
            application.put("os", platform[0]);
            application.put("architecture", platform[1]);
            application.put("download_url", request.urls().publicUrl() + RunnerDistribution.PATH);
            application.put("filename", RunnerDistribution.Archive.FILENAME);
            application.put("sha256_checksum", archive.sha256());
            applications.add(application);
        }
        return Reply.ok(applications);
    }

    private Reply generateJitConfig(ApiRequest request) {
        ActionsScope scope = scope(request);
        RegisteredRunner registered = runners.generateJit(scope, request.body().string("name").orElse(null),
                request.body().number("runner_group_id").orElse(RunnerGroup.DEFAULT_ID), request.body().strings("labels"));
        String encoded = jitConfigs.encode(request.urls().publicUrl(), registered,
                request.body().string("work_folder").orElse(JitConfigs.DEFAULT_WORK_FOLDER));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("runner", view(registered.runner(), clock.instant()));
        body.put("encoded_jit_config", encoded);
        return Reply.created(body);
    }

    private Reply list(ApiRequest request) {
        PageRequest page = request.pageRequest();
        Page<Runner> found = runners.list(scope(request), page);
        return runnersReply(request, found, page);
    }

    /** A page of runners as GitHub lists them: {@code {total_count, runners}}. */
    Reply runnersReply(ApiRequest request, Page<Runner> found, PageRequest page) {
        Instant now = clock.instant();
        return request.paged(found, page, p -> Map.of("total_count", p.totalCount(),
                "runners", p.items().stream().map(runner -> view(runner, now)).toList()));
    }

    private Reply get(ApiRequest request) {
        return Reply.ok(view(runners.get(scope(request), runnerId(request)), clock.instant()));
    }

    /** Removing a busy runner fails its job (JobQueue#removeRunner); the runner can claim nothing more. */
    private Reply delete(ApiRequest request) {
        queue.removeRunner(runners.get(scope(request), runnerId(request)));
        return Reply.noContent();
    }

    private Reply labels(ApiRequest request) {
        return labelsReply(runners.get(scope(request), runnerId(request)));
    }

    private static Reply labelsReply(Runner runner) {
        return Reply.ok(Map.of("total_count", runner.labels().size(),
                "labels", runner.labels().stream().map(RunnerResource::label).toList()));
    }

    static long runnerId(ApiRequest request) {
        try {
            return Long.parseLong(request.parameter("runner_id"));
        } catch (NumberFormatException e) {
            throw GantryException.notFound();
        }
    }

    static Map<String, Object> view(Runner runner, Instant now) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", runner.id());
        view.put("runner_group_id", runner.runnerGroupId());
        view.put("name", runner.name());
        view.put("os", runner.os());
        view.put("status", runner.status(now));
        view.put("busy", runner.busy());
        view.put("ephemeral", runner.ephemeral());
        view.put("labels", runner.labels().stream().map(RunnerResource::label).toList());
        return view;
    }

    private static Map<String, Object> label(RunnerLabel label) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", label.id());
        view.put("name", label.name());
        view.put("type", label.readOnly() ? "read-only" : "custom");
        return view;
    }
}
