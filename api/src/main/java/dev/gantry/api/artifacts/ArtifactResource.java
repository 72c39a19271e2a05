package dev.gantry.api.artifacts;

import dev.gantry.api.http.ApiRequest;
import dev.gantry.api.http.Json;
import dev.gantry.api.http.Reply;
import dev.gantry.api.http.Route;
import dev.gantry.api.logs.SignedUrls;
import dev.gantry.api.wire.NodeIds;
import dev.gantry.engine.ErrorCategory;
import dev.gantry.engine.GantryException;
import dev.gantry.engine.artifacts.Artifact;
import dev.gantry.engine.artifacts.Artifacts;
import dev.gantry.engine.runs.Runs;
import dev.gantry.engine.runs.WorkflowRun;
import dev.gantry.engine.store.Page;
import dev.gantry.engine.store.PageRequest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * GitHub's five artifact operations. A download answers 302 to a signed link that works for a
 * minute, as GitHub's does; an expired artifact is listed ({@code expired: true}) but answers 410.
 */
public final class ArtifactResource {
    private static final String ARTIFACTS = "/repos/{owner}/{repo}/actions/artifacts";

    private final Artifacts artifacts;
    private final Runs runs;
    private final ArtifactLinks links;

    public ArtifactResource(Artifacts artifacts, Runs runs, ArtifactLinks links) {
        this.artifacts = artifacts;
        this.runs = runs;
        this.links = links;
    }

    public List<Route> routes() {
        return List.of(
                Route.get(ARTIFACTS, "actions/list-artifacts-for-repo", this::listForRepository),
                Route.get(ARTIFACTS + "/{artifact_id}", "actions/get-artifact", this::get),
                Route.delete(ARTIFACTS + "/{artifact_id}", "actions/delete-artifact", this::delete),
                Route.get(ARTIFACTS + "/{artifact_id}/{archive_format}", "actions/download-artifact", this::download),
                Route.get("/repos/{owner}/{repo}/actions/runs/{run_id}/artifacts", "actions/list-workflow-run-artifacts",
                        this::listForRun));
    }

    private Reply listForRepository(ApiRequest request) {
        PageRequest page = request.pageRequest();
        Page<Artifact> found = artifacts.listForRepository(request.repository().id(), name(request), page);
        return listReply(request, found, page);
    }

    private Reply listForRun(ApiRequest request) {
        WorkflowRun run = runs.get(request.repository().id(), id(request, "run_id"));
        PageRequest page = request.pageRequest();
        boolean ascending = request.query("direction").map(direction -> switch (direction) {
            case "asc" -> true;
            case "desc" -> false;
            default -> throw GantryException.invalid("Invalid request.\n\n" + direction + " is not a member of [\"asc\", \"desc\"].");
        }).orElse(false);
        Page<Artifact> found = artifacts.listForRun(run.repositoryId(), run.id(), name(request), ascending, page);
        return listReply(request, found, page);
    }

    private Reply listReply(ApiRequest request, Page<Artifact> found, PageRequest page) {
        Instant now = artifacts.now();
        return request.paged(found, page, p -> Map.of("total_count", p.totalCount(),
                "artifacts", p.items().stream().map(artifact -> view(request, artifact, now)).toList()));
    }

    private Reply get(ApiRequest request) {
        return Reply.ok(view(request, artifacts.get(request.repository().id(), id(request, "artifact_id")), artifacts.now()));
    }

    private Reply delete(ApiRequest request) {
        artifacts.delete(request.repository().id(), id(request, "artifact_id"));
        return Reply.noContent();
    }

    private Reply download(ApiRequest request) {
        Artifact artifact = artifacts.get(request.repository().id(), id(request, "artifact_id"));
        if (!request.parameter("archive_format").equals("zip")) {
            throw GantryException.notFound();
        }
        if (artifact.expired(artifacts.now())) {
            throw new GantryException(ErrorCategory.GONE, "Artifact has expired");
        }
        return Reply.redirect(links.download(artifact, SignedUrls.LIFETIME));
    }

    private Map<String, Object> view(ApiRequest request, Artifact artifact, Instant now) {
        String url = request.urls().api("/repos/" + request.owner().login() + "/" + request.repository().name()
                + "/actions/artifacts/" + artifact.id());
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", artifact.id());
        view.put("node_id", NodeIds.of("Artifact", artifact.id()));
        view.put("name", artifact.name());
        view.put("size_in_bytes", artifact.size());
        view.put("url", url);
        view.put("archive_download_url", url + "/zip");
        view.put("expired", artifact.expired(now));
        view.put("created_at", Json.timestamp(artifact.createdAt()));
        view.put("expires_at", Json.timestamp(artifact.expiresAt()));
        view.put("updated_at", Json.timestamp(artifact.updatedAt()));
        view.put("digest", artifact.digest());
        view.put("workflow_run", runs.find(artifact.repositoryId(), artifact.runId()).map(run -> {
            Map<String, Object> workflowRun = new LinkedHashMap<>();
            workflowRun.put("id", run.id());
            workflowRun.put("repository_id", run.repositoryId());
            workflowRun.put("head_repository_id", run.repositoryId());
            workflowRun.put("head_branch", run.headBranch());
            workflowRun.put("head_sha", run.headSha());
            return workflowRun;
        }).orElse(null));
        return view;
    }

    private static Optional<String> name(ApiRequest request) {
        return request.query("name").filter(name -> !name.isEmpty());
    }

    private static long id(ApiRequest request, String name) {
        try {
            return Long.parseLong(request.parameter(name));
        } catch (NumberFormatException e) {
            throw GantryException.notFound();
        }
    }
}
