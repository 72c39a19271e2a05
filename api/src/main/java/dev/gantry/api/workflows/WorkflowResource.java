package dev.gantry.api.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.api.http.ApiRequest;
import dev.gantry.api.http.Reply;
import dev.gantry.api.http.Route;
import dev.gantry.api.wire.ActionsRepresentations;
import dev.gantry.engine.FieldError;
import dev.gantry.engine.GantryException;
import dev.gantry.engine.runs.RunTriggers;
import dev.gantry.engine.runs.WorkflowRun;
import dev.gantry.engine.store.Page;
import dev.gantry.engine.store.PageRequest;
import dev.gantry.engine.workflows.Workflow;
import dev.gantry.engine.workflows.Workflows;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** GitHub's six workflow operations: list, get (by id or file name), enable, disable, dispatch, timing. */
public final class WorkflowResource {
    private final Workflows workflows;
    private final RunTriggers triggers;
    private final ActionsRepresentations representations;

    public WorkflowResource(Workflows workflows, RunTriggers triggers, ActionsRepresentations representations) {
        this.workflows = workflows;
        this.triggers = triggers;
        this.representations = representations;
    }

    public List<Route> routes() {
        String workflow = "/repos/{owner}/{repo}/actions/workflows/{workflow_id}";
        return List.of(
                Route.get("/repos/{owner}/{repo}/actions/workflows", "actions/list-repo-workflows", this::list),
                Route.get(workflow, "actions/get-workflow", this::get),
                Route.put(workflow + "/enable", "actions/enable-workflow", this::enable),
                Route.put(workflow + "/disable", "actions/disable-workflow", this::disable),
                Route.post(workflow + "/dispatches", "actions/create-workflow-dispatch", this::dispatch),
                Route.get(workflow + "/timing", "actions/get-workflow-usage", this::timing));
    }

    private Reply list(ApiRequest request) {
        PageRequest page = request.pageRequest();
        Page<Workflow> found = workflows.list(request.repository().id(), page);
        return request.paged(found, page, p -> Map.of("total_count", p.totalCount(),
                "workflows", p.items().stream().map(workflow -> view(request, workflow)).toList()));
    }

    private Reply get(ApiRequest request) {
        return Reply.ok(view(request, workflow(request)));
    }

    private Reply enable(ApiRequest request) {
        workflows.enable(request.repository().id(), request.parameter("workflow_id"));
        return Reply.noContent();
    }

    private Reply disable(ApiRequest request) {
        workflows.disable(request.repository().id(), request.parameter("workflow_id"));
        return Reply.noContent();
    }

    private Reply dispatch(ApiRequest request) {
        Workflow workflow = workflow(request);
        String ref = request.body().string("ref").orElseThrow();
        Map<String, String> inputs = new LinkedHashMap<>();
        JsonNode given = request.body().node().path("inputs");
        for (Map.Entry<String, JsonNode> input : given.properties()) {
            JsonNode value = input.getValue();
            if (value.isContainerNode()) {
                // GitHub's inputs are strings, booleans or numbers; an object or list cannot be one.
                throw GantryException.invalid("Validation Failed", FieldError.custom("WorkflowDispatch", "inputs",
                        "Input '" + input.getKey() + "' must be a string, boolean or number"));
            }
            inputs.put(input.getKey(), value.isNull() ? "" : value.asText());
        }
        long actor = request.caller().user().orElseThrow().id();
        WorkflowRun run = triggers.dispatch(workflow, ref, inputs, actor);
        if (!request.body().bool("return_run_details").orElse(false)) {
            return Reply.noContent();
        }
        String fullName = request.owner().login() + "/" + request.repository().name();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("workflow_run_id", run.id());
        details.put("run_url", request.urls().api("/repos/" + fullName + "/actions/runs/" + run.id()));
        details.put("html_url", request.urls().html("/" + fullName + "/actions/runs/" + run.id()));
        return Reply.ok(details);
    }

    /**
     * Gantry runs only self-hosted runners, whose minutes GitHub does not bill; so, like GitHub for
     * such a workflow, there is nothing billable to show.
     */
    private Reply timing(ApiRequest request) {
        workflow(request);
        return Reply.ok(Map.of("billable", Map.of()));
    }

    private Workflow workflow(ApiRequest request) {
        return workflows.get(request.repository().id(), request.parameter("workflow_id"));
    }

    private Object view(ApiRequest request, Workflow workflow) {
        return representations.workflow(workflow, request.repository(), request.owner());
    }
}
