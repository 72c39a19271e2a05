package dev.gantry.api.hooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.api.http.ApiRequest;
import dev.gantry.api.http.Json;
import dev.gantry.api.http.Pagination;
import dev.gantry.api.http.Reply;
import dev.gantry.api.http.Route;
import dev.gantry.engine.ErrorCategory;
import dev.gantry.engine.FieldError;
import dev.gantry.engine.GantryException;
import dev.gantry.engine.hooks.Hook;
import dev.gantry.engine.hooks.HookAttempt;
import dev.gantry.engine.hooks.HookOwner;
import dev.gantry.engine.hooks.HookRequest;
import dev.gantry.engine.hooks.Hooks;
import dev.gantry.engine.identity.Account;
import dev.gantry.engine.store.PageRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * GitHub's repository and organization webhook operations: create, list, get, update, delete,
 * list deliveries, and (repositories) ping. A hook's secret is shown as {@code ********}, never
 * its value.
 */
public final class HookResource {
    private static final String REPOSITORY = "/repos/{owner}/{repo}/hooks";
    private static final String ORGANIZATION = "/orgs/{org}/hooks";
    static final String HIDDEN_SECRET = "********";

    private final Hooks hooks;
    private final WebhookPayloads payloads;
    private final ObjectMapper json;

    public HookResource(Hooks hooks, WebhookPayloads payloads, ObjectMapper json) {
        this.hooks = hooks;
        this.payloads = payloads;
        this.json = json;
    }

    public List<Route> routes() {
        return List.of(
                Route.get(REPOSITORY, "repos/list-webhooks", this::list),
                Route.post(REPOSITORY, "repos/create-webhook", this::create),
                Route.get(REPOSITORY + "/{hook_id}", "repos/get-webhook", this::get),
                Route.patch(REPOSITORY + "/{hook_id}", "repos/update-webhook", this::update),
                Route.delete(REPOSITORY + "/{hook_id}", "repos/delete-webhook", this::delete),
                Route.get(REPOSITORY + "/{hook_id}/deliveries", "repos/list-webhook-deliveries", this::deliveries),
                Route.post(REPOSITORY + "/{hook_id}/pings", "repos/ping-webhook", this::ping),
                Route.get(ORGANIZATION, "orgs/list-webhooks", this::list),
                Route.post(ORGANIZATION, "orgs/create-webhook", this::create),
                Route.get(ORGANIZATION + "/{hook_id}", "orgs/get-webhook", this::get),
                Route.patch(ORGANIZATION + "/{hook_id}", "orgs/update-webhook", this::update),
                Route.delete(ORGANIZATION + "/{hook_id}", "orgs/delete-webhook", this::delete),
                Route.get(ORGANIZATION + "/{hook_id}/deliveries", "orgs/list-webhook-deliveries", this::deliveries));
    }

    private Reply list(ApiRequest request) {
        PageRequest page = request.pageRequest();
        return request.paged(hooks.list(owner(request), page), page, p -> p.items().stream().map(hook -> hook(request, hook)).toList());
    }

    private Reply create(ApiRequest request) {
        Hook hook = hooks.create(owner(request), hookRequest(request));
        Map<String, Object> body = hook(request, hook);
        return Reply.created(body).header("Location", (String) body.get("url"));
    }

    private Reply get(ApiRequest request) {
        return Reply.ok(hook(request, hooks.get(owner(request), hookId(request))));
    }

    private Reply update(ApiRequest request) {
        return Reply.ok(hook(request, hooks.update(owner(request), hookId(request), hookRequest(request))));
    }

    private Reply delete(ApiRequest request) {
        hooks.delete(owner(request), hookId(request));
        return Reply.noContent();
    }

    private Reply ping(ApiRequest request) {
        Account sender = request.caller().user().orElseThrow();
        hooks.ping(owner(request), hookId(request), request.repository().id(),
                hook -> write(payloads.ping(hook(request, hook), hook.id(), request.repository(), request.owner(), null, sender)));
        return Reply.noContent();
    }

    /**
     * The hook's delivery attempts, newest first; GitHub pages them by {@code cursor} (here the id of
     * the last one a page showed) and filters by {@code status=success|failure}.
     */
    private Reply deliveries(ApiRequest request) {
        int perPage = request.query("per_page").map(HookResource::perPage).orElse(Pagination.DEFAULT_PER_PAGE);
        Optional<Long> cursor = request.query("cursor").filter(value -> !value.isEmpty()).map(value -> {
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new GantryException(ErrorCategory.BAD_REQUEST, "Invalid cursor");
            }
        });
        Boolean success = request.query("status").map(status -> switch (status) {
            case "success" -> Boolean.TRUE;
            case "failure" -> Boolean.FALSE;
            default -> throw GantryException.invalid("Validation Failed", FieldError.invalid("Hook", "status"));
        }).orElse(null);
        List<HookAttempt> attempts = hooks.attempts(owner(request), hookId(request), cursor, success, perPage);
        List<Map<String, Object>> body = new ArrayList<>();
        attempts.forEach(attempt -> body.add(delivery(attempt)));
        Reply reply = Reply.ok(body);
        if (attempts.size() == perPage) {
            String path = request.urls().api(deliveriesPath(request));
            reply.header("Link", "<" + path + "?per_page=" + perPage + "&cursor=" + attempts.getLast().id() + ">; rel=\"next\"");
        }
        return reply;
    }

    private static int perPage(String value) {
        try {
            return Math.max(1, Math.min(Pagination.MAX_PER_PAGE, Integer.parseInt(value)));
        } catch (NumberFormatException e) {
            return Pagination.DEFAULT_PER_PAGE;
        }
    }

    private static Map<String, Object> delivery(HookAttempt attempt) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", attempt.id());
        body.put("guid", attempt.guid());
        body.put("delivered_at", Json.timestamp(attempt.deliveredAt()));
        body.put("redelivery", attempt.redelivery());
        body.put("duration", attempt.duration().toMillis() / 1000.0);
        body.put("status", attempt.status());
        body.put("status_code", attempt.statusCode());
        body.put("event", attempt.event());
        body.put("action", attempt.action());
        body.put("installation_id", null);
        body.put("repository_id", attempt.repositoryId());
        body.put("throttled_at", null);
        return body;
    }

    /** GitHub's {@code hook} (repositories) or {@code org-hook}. */
    private static Map<String, Object> hook(ApiRequest request, Hook hook) {
        boolean repository = hook.owner().kind() == HookOwner.Kind.REPOSITORY;
        String url = request.urls().api(hooksPath(request) + "/" + hook.id());
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("content_type", hook.contentType());
        config.put("insecure_ssl", hook.insecureSsl());
        if (hook.secret() != null) {
            config.put("secret", HIDDEN_SECRET);
        }
        config.put("url", hook.url());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", repository ? "Repository" : "Organization");
        body.put("id", hook.id());
        body.put("name", "web");
        body.put("active", hook.active());
        body.put("events", hook.events());
        body.put("config", config);
        body.put("updated_at", Json.timestamp(hook.updatedAt()));
        body.put("created_at", Json.timestamp(hook.createdAt()));
        body.put("url", url);
        if (repository) {
            body.put("test_url", url + "/test");
        }
        body.put("ping_url", url + "/pings");
        body.put("deliveries_url", url + "/deliveries");
        if (repository) {
            Map<String, Object> last = new LinkedHashMap<>();
            last.put("code", hook.lastResponse().code());
            last.put("status", hook.lastResponse().status());
            last.put("message", hook.lastResponse().message());
            body.put("last_response", last);
        }
        return body;
    }

    private static String hooksPath(ApiRequest request) {
        return request.operationId().startsWith("repos/")
                ? "/repos/" + request.owner().login() + "/" + request.repository().name() + "/hooks"
                : "/orgs/" + request.organization().login() + "/hooks";
    }

    private static String deliveriesPath(ApiRequest request) {
        return hooksPath(request) + "/" + request.parameter("hook_id") + "/deliveries";
    }

    private static HookOwner owner(ApiRequest request) {
        return request.operationId().startsWith("repos/")
                ? HookOwner.repository(request.repository().id())
                : HookOwner.organization(request.organization().id());
    }

    private static long hookId(ApiRequest request) {
        try {
            return Long.parseLong(request.parameter("hook_id"));
        } catch (NumberFormatException e) {
            throw GantryException.notFound();
        }
    }

    private static HookRequest hookRequest(ApiRequest request) {
        JsonNode body = request.body().node();
        JsonNode config = body == null ? null : body.get("config");
        boolean hasConfig = config != null && config.isObject();
        return new HookRequest(request.body().string("name").orElse(null), hasConfig, text(config, "url"), text(config, "content_type"),
                text(config, "secret"), text(config, "insecure_ssl"), strings(body, "events"), strings(body, "add_events"),
                strings(body, "remove_events"), request.body().bool("active").orElse(null));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() ? null : value.isNumber() ? value.numberValue().toString() : value.asText();
    }

    /** Null when absent; an item that is not a string stays in, as text, and fails the event-name check. */
    private static List<String> strings(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        List<String> items = new ArrayList<>();
        value.forEach(item -> items.add(item.isTextual() ? item.asText() : item.toString()));
        return items;
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a webhook payload did not serialize", e);
        }
    }
}
