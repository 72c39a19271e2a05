package dev.gantry.api.hostedrunners;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.api.http.ApiRequest;
import dev.gantry.api.http.Json;
import dev.gantry.api.http.Reply;
import dev.gantry.api.http.Route;
import dev.gantry.engine.FieldError;
import dev.gantry.engine.GantryException;
import dev.gantry.engine.hostedrunners.CuratedImage;
import dev.gantry.engine.hostedrunners.CustomImage;
import dev.gantry.engine.hostedrunners.CustomImageVersion;
import dev.gantry.engine.hostedrunners.HostedRunner;
import dev.gantry.engine.hostedrunners.HostedRunnerCatalog;
import dev.gantry.engine.hostedrunners.HostedRunners;
import dev.gantry.engine.hostedrunners.ImageSelection;
import dev.gantry.engine.hostedrunners.ImageSource;
import dev.gantry.engine.hostedrunners.MachineSize;
import dev.gantry.engine.store.PageRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * GitHub's 16 hosted runner operations of an organization: the catalog (images, sizes, platforms,
 * limits) and the pools; and a runner group's pools ({@code list-github-hosted-runners-in-group-for-org}). A pool's runners are started by the server itself; see {@code HostedRunnerPools}.
 */
public final class HostedRunnerResource {
    private static final String BASE = "/orgs/{org}/actions/hosted-runners";
    private static final String CUSTOM = BASE + "/images/custom/{image_definition_id}";
    private static final String READY = "Ready";
    /** What GitHub answers a delete with: the pool, on its way out. */
    private static final String DELETING = "Deleting";

    private final HostedRunners hostedRunners;

    public HostedRunnerResource(HostedRunners hostedRunners) {
        this.hostedRunners = hostedRunners;
    }

    public List<Route> routes() {
        return List.of(
                Route.get(BASE, "actions/list-hosted-runners-for-org", this::list),
                Route.post(BASE, "actions/create-hosted-runner-for-org", this::create),
                Route.get(BASE + "/images/github-owned", "actions/get-hosted-runners-github-owned-images-for-org",
                        request -> curated(hostedRunners.catalog().githubOwnedImages())),
                Route.get(BASE + "/images/partner", "actions/get-hosted-runners-partner-images-for-org",
                        request -> curated(hostedRunners.catalog().partnerImages())),
                Route.get(BASE + "/images/custom", "actions/list-custom-images-for-org", this::listCustomImages),
                Route.get(CUSTOM, "actions/get-custom-image-for-org", this::getCustomImage),
                Route.delete(CUSTOM, "actions/delete-custom-image-from-org", this::deleteCustomImage),
                Route.get(CUSTOM + "/versions", "actions/list-custom-image-versions-for-org", this::listCustomImageVersions),
                Route.get(CUSTOM + "/versions/{version}", "actions/get-custom-image-version-for-org", this::getCustomImageVersion),
                Route.delete(CUSTOM + "/versions/{version}", "actions/delete-custom-image-version-from-org", this::deleteCustomImageVersion),
                Route.get(BASE + "/limits", "actions/get-hosted-runners-limits-for-org", this::limits),
                Route.get(BASE + "/machine-sizes", "actions/get-hosted-runners-machine-specs-for-org", request -> machineSizes()),
                Route.get(BASE + "/platforms", "actions/get-hosted-runners-platforms-for-org", request -> platforms()),
                Route.get(BASE + "/{hosted_runner_id}", "actions/get-hosted-runner-for-org", this::get),
                Route.patch(BASE + "/{hosted_runner_id}", "actions/update-hosted-runner-for-org", this::update),
                Route.delete(BASE + "/{hosted_runner_id}", "actions/delete-hosted-runner-for-org", this::delete),
                Route.get("/orgs/{org}/actions/runner-groups/{runner_group_id}/hosted-runners",
                        "actions/list-github-hosted-runners-in-group-for-org", this::listInGroup));
    }

    private Reply list(ApiRequest request) {
        PageRequest page = request.pageRequest();
        return request.paged(hostedRunners.list(request.organization().id(), page), page, found -> Map.of(
                "total_count", found.totalCount(),
                "runners", found.items().stream().map(pool -> pool(request, pool, READY)).toList()));
    }

    private Reply listInGroup(ApiRequest request) {
        PageRequest page = request.pageRequest();
        return request.paged(hostedRunners.listInGroup(request.organization().id(), request.idParameter("runner_group_id"), page), page,
                found -> Map.of("total_count", found.totalCount(),
                        "runners", found.items().stream().map(pool -> pool(request, pool, READY)).toList()));
    }

    private Reply get(ApiRequest request) {
        return Reply.ok(pool(request, found(request), READY));
    }

    private Reply create(ApiRequest request) {
        JsonNode image = request.body().node().path("image");
        HostedRunners.Settings settings = new HostedRunners.Settings(
                request.body().string("name").orElse(null),
                source(text(image, "source"), "image"),
                image.isObject() ? text(image, "id").orElse(null) : null,
                text(image, "version").orElse(null),
                request.body().string("size").orElse(null),
                request.body().number("runner_group_id").orElse(null),
                maximumRunners(request),
                request.body().bool("enable_static_ip").orElse(null),
                request.body().bool("image_gen").orElse(null));
        return Reply.created(pool(request, hostedRunners.create(request.organization().id(), settings), READY));
    }

    private Reply update(ApiRequest request) {
        HostedRunners.Settings settings = new HostedRunners.Settings(
                request.body().string("name").orElse(null),
                source(request.body().string("image_source"), "image_source"),
                request.body().string("image_id").orElse(null),
                request.body().string("image_version").orElse(null),
                request.body().string("size").orElse(null),
                request.body().number("runner_group_id").orElse(null),
                maximumRunners(request),
                request.body().bool("enable_static_ip").orElse(null),
                request.body().bool("image_gen").orElse(null));
        return Reply.ok(pool(request, hostedRunners.update(request.organization().id(), request.idParameter("hosted_runner_id"), settings),
                READY));
    }

    private Reply delete(ApiRequest request) {
        HostedRunner deleted = hostedRunners.delete(request.organization().id(), request.idParameter("hosted_runner_id"));
        return Reply.status(202, pool(request, deleted, DELETING));
    }

    private HostedRunner found(ApiRequest request) {
        return hostedRunners.find(request.organization().id(), request.idParameter("hosted_runner_id"))
                .orElseThrow(GantryException::notFound);
    }

    private Reply listCustomImages(ApiRequest request) {
        List<CustomImage> images = hostedRunners.customImages(request.organization().id());
        return Reply.ok(Map.of("total_count", images.size(), "images", images.stream().map(HostedRunnerResource::customImage).toList()));
    }

    private Reply getCustomImage(ApiRequest request) {
        return Reply.ok(customImage(hostedRunners.customImage(request.organization().id(), request.idParameter("image_definition_id"))));
    }

    private Reply deleteCustomImage(ApiRequest request) {
        hostedRunners.deleteCustomImage(request.organization().id(), request.idParameter("image_definition_id"));
        return Reply.noContent();
    }

    private Reply listCustomImageVersions(ApiRequest request) {
        List<CustomImageVersion> versions = hostedRunners.customImage(request.organization().id(),
                request.idParameter("image_definition_id")).versions();
        return Reply.ok(Map.of("total_count", versions.size(),
                "image_versions", versions.stream().map(HostedRunnerResource::imageVersion).toList()));
    }

    private Reply getCustomImageVersion(ApiRequest request) {
        return Reply.ok(imageVersion(hostedRunners.customImageVersion(request.organization().id(),
                request.idParameter("image_definition_id"), request.parameter("version"))));
    }

    private Reply deleteCustomImageVersion(ApiRequest request) {
        hostedRunners.deleteCustomImageVersion(request.organization().id(), request.idParameter("image_definition_id"),
                request.parameter("version"));
        return Reply.noContent();
    }

    private Reply limits(ApiRequest request) {
        return Reply.ok(Map.of("public_ips", Map.of(
                "maximum", hostedRunners.catalog().publicIpsMaximum(),
                "current_usage", hostedRunners.publicIpsInUse(request.organization().id()))));
    }

    private Reply machineSizes() {
        List<MachineSize> sizes = hostedRunners.catalog().machineSizes();
        return Reply.ok(Map.of("total_count", sizes.size(), "machine_specs", sizes.stream().map(HostedRunnerResource::machineSize).toList()));
    }

    private Reply platforms() {
        List<String> platforms = hostedRunners.catalog().platforms();
        return Reply.ok(Map.of("total_count", platforms.size(), "platforms", platforms));
    }

    private static Reply curated(List<CuratedImage> images) {
        return Reply.ok(Map.of("total_count", images.size(), "images", images.stream().map(image -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("id", image.id());
            body.put("platform", image.platform());
            body.put("size_gb", image.sizeGb());
            body.put("display_name", image.displayName());
            body.put("source", image.source().wireName());
            return body;
        }).toList()));
    }

    /** The wire form of a pool; {@code status} is {@code Ready} while it exists (its runners start on demand). */
    private Map<String, Object> pool(ApiRequest request, HostedRunner pool, String status) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", pool.id());
        body.put("name", pool.name());
        body.put("runner_group_id", pool.runnerGroupId());
        body.put("image_details", imageDetails(request.organization().id(), pool.image()));
        MachineSize size = hostedRunners.catalog().machineSize(pool.size()).orElse(new MachineSize(pool.size(), 0, 0, 0));
        body.put("machine_size_details", machineSize(size));
        body.put("status", status);
        body.put("platform", hostedRunners.platform(pool));
        body.put("maximum_runners", pool.maximumRunners());
        body.put("public_ip_enabled", pool.publicIpEnabled());
        // Gantry's pools run on the server's own machines: a static IP is counted against the limit, not allocated.
        body.put("public_ips", List.of());
        body.put("last_active_on", pool.lastActiveOn() == null ? null : Json.timestamp(pool.lastActiveOn()));
        body.put("image_gen", pool.imageGen());
        return body;
    }

    /** Null when the catalog no longer offers the pool's image (the schema allows it). */
    private Map<String, Object> imageDetails(long organizationId, ImageSelection image) {
        HostedRunnerCatalog catalog = hostedRunners.catalog();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", image.id());
        body.put("source", image.source().wireName());
        switch (image.source()) {
            case GITHUB, PARTNER -> {
                Optional<CuratedImage> curated = image.source() == ImageSource.GITHUB
                        ? catalog.githubOwnedImage(image.id()) : catalog.partnerImage(image.id());
                if (curated.isEmpty()) {
                    return null;
                }
                body.put("size_gb", curated.get().sizeGb());
                body.put("display_name", curated.get().displayName());
                body.put("version", "latest");
            }
            case CUSTOM -> {
                Optional<CustomImage> custom = hostedRunners.customImages(organizationId).stream()
                        .filter(candidate -> String.valueOf(candidate.id()).equals(image.id())).findFirst();
                Optional<CustomImageVersion> version = custom.flatMap(found -> image.version() == null
                        ? found.latestVersion() : found.version(image.version()));
                if (version.isEmpty()) {
                    return null;
                }
                body.put("size_gb", version.get().sizeGb());
                body.put("display_name", custom.get().name());
                body.put("version", version.get().version());
            }
        }
        return body;
    }

    private static Map<String, Object> customImage(CustomImage image) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", image.id());
        body.put("platform", image.platform());
        body.put("total_versions_size", image.totalVersionsSizeGb());
        body.put("name", image.name());
        body.put("source", ImageSource.CUSTOM.wireName());
        body.put("versions_count", image.versions().size());
        body.put("latest_version", image.latestVersion().map(CustomImageVersion::version).orElse(""));
        body.put("state", image.state());
        return body;
    }

    private static Map<String, Object> imageVersion(CustomImageVersion version) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", version.version());
        body.put("state", version.state());
        body.put("size_gb", version.sizeGb());
        body.put("created_on", Json.timestamp(version.createdOn()));
        body.put("state_details", version.stateDetails());
        return body;
    }

    private static Map<String, Object> machineSize(MachineSize size) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", size.id());
        body.put("cpu_cores", size.cpuCores());
        body.put("memory_gb", size.memoryGb());
        body.put("storage_gb", size.storageGb());
        return body;
    }

    /** Outside {@code int} is as much over the limit as any other number above it. */
    private static Integer maximumRunners(ApiRequest request) {
        return request.body().number("maximum_runners")
                .map(value -> (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value)))
                .orElse(null);
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? Optional.empty() : Optional.of(value.asText());
    }

    /** The request schema already restricts sources to GitHub's three names. */
    private static ImageSource source(Optional<String> name, String field) {
        return name.map(value -> ImageSource.fromWireName(value).orElseThrow(() -> GantryException.invalid("Validation Failed",
                FieldError.invalid("HostedRunner", field)))).orElse(null);
    }
}
