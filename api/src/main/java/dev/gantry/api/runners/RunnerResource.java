package dev.gantry.api.runners;

import dev.gantry.api.http.ApiRequest;
import dev.gantry.api.http.Reply;
import dev.gantry.api.http.Route;
import dev.gantry.engine.GantryException;
import dev.gantry.engine.runners.IssuedRegistrationToken;
import dev.gantry.engine.runners.Runner;
import dev.gantry.engine.runners.RunnerLabel;
import dev.gantry.engine.runners.Runners;
import dev.gantry.engine.store.Page;
import dev.gantry.engine.store.PageRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A repository's self-hosted runners: registration tokens, listing, reading and removing runners. */
public final class RunnerResource {
    /** Repository runners sit in the default group, id 1, as on GitHub. */
    private static final long DEFAULT_GROUP_ID = 1;

    private final Runners runners;
    private final Clock clock;

    public RunnerResource(Runners runners, Clock clock) {
        this.runners = runners;
        this.clock = clock;
    }

    public List<Route> routes() {
        String base = "/repos/{owner}/{repo}/actions/runners";
        return List.of(
                Route.post(base + "/registration-token", "actions/create-registration-token-for-repo", this::registrationToken),
                Route.get(base, "actions/list-self-hosted-runners-for-repo", this::list),
                Route.get(base + "/{runner_id}", "actions/get-self-hosted-runner-for-repo", this::get),
                Route.delete(base + "/{runner_id}", "actions/delete-self-hosted-runner-from-repo", this::delete));
    }

    private Reply registrationToken(ApiRequest request) {
        IssuedRegistrationToken token = runners.createRegistrationToken(request.repository().id());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token", token.token());
        body.put("expires_at", token.expiresAt());
        return Reply.created(body);
    }

    private Reply list(ApiRequest request) {
        PageRequest page = request.pageRequest();
        Page<Runner> found = runners.list(request.repository().id(), page);
        Instant now = clock.instant();
        return request.paged(found, page, p -> Map.of("total_count", p.totalCount(),
                "runners", p.items().stream().map(runner -> view(runner, now)).toList()));
    }

    private Reply get(ApiRequest request) {
        return Reply.ok(view(runner(request), clock.instant()));
    }

    private Reply delete(ApiRequest request) {
        runners.delete(request.repository().id(), runner(request).id());
        return Reply.noContent();
    }

    private Runner runner(ApiRequest request) {
        try {
            long id = Long.parseLong(request.parameter("runner_id"));
            return runners.find(request.repository().id(), id).orElseThrow(GantryException::notFound);
        } catch (NumberFormatException e) {
            throw GantryException.notFound();
        }
    }

    private static Map<String, Object> view(Runner runner, Instant now) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", runner.id());
        view.put("runner_group_id", DEFAULT_GROUP_ID);
        view.put("name", runner.name());
        view.put("os", runner.os());
        view.put("status", runner.status(now));
        view.put("busy", runner.busy());
        view.put("labels", runner.labels().stream().map(RunnerResource::label).toList());
        return view;
    }

    private static Map<String, Object> label(RunnerLabel label) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", label.name());
        view.put("type", label.readOnly() ? "read-only" : "custom");
        return view;
    }
}
