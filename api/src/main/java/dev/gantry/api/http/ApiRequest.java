package dev.gantry.api.http;

import dev.gantry.engine.access.Caller;
import dev.gantry.engine.identity.Account;
import dev.gantry.engine.repository.Repository;
import dev.gantry.engine.store.Page;
import dev.gantry.engine.store.PageRequest;
import dev.gantry.engine.GantryException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** One REST request as an {@link Endpoint} sees it: authenticated, routed, authorized, body checked. */
public final class ApiRequest {
    private final String method;
    private final String path;
    private final String operationId;
    private final Map<String, String> parameters;
    private final Map<String, List<String>> query;
    private final Function<String, Optional<String>> headers;
    private final Caller caller;
    private final ResourceAccess access;
    private final JsonBody body;
    private final ApiUrls urls;
    private final RateLimiter.Status rateLimit;

    ApiRequest(String method, String path, String operationId, Map<String, String> parameters,
               Map<String, List<String>> query, Function<String, Optional<String>> headers, Caller caller,
               ResourceAccess access, JsonBody body, ApiUrls urls, RateLimiter.Status rateLimit) {
        this.method = method;
        this.path = path;
        this.operationId = operationId;
        this.parameters = Map.copyOf(parameters);
        this.query = query;
        this.headers = headers;
        this.caller = caller;
        this.access = access;
        this.body = body;
        this.urls = urls;
        this.rateLimit = rateLimit;
    }

    /** The caller's rate-limit standing after this request was counted. */
    public RateLimiter.Status rateLimit() {
        return rateLimit;
    }

    public String method() {
        return method;
    }

    public String operationId() {
        return operationId;
    }

    /** A path parameter of the route's template, decoded. */
    public String parameter(String name) {
        String value = parameters.get(name);
        if (value == null) {
            throw new IllegalStateException("route has no parameter " + name);
        }
        return value;
    }

    /**
     * A numeric path parameter ({@code {hosted_runner_id}}); one that is not a number names nothing, so 404.
     *
     * @throws GantryException NOT_FOUND when it is not a number
     */
    public long idParameter(String name) {
        try {
            return Long.parseLong(parameter(name));
        } catch (NumberFormatException e) {
            throw GantryException.notFound();
        }
    }

    public Optional<String> query(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    public Optional<String> header(String name) {
        return headers.apply(name);
    }

    public Caller caller() {
        return caller;
    }

    public ResourceAccess access() {
        return access;
    }

    /** The repository of a {@code /repos/{owner}/{repo}/...} route, already authorized. */
    public Repository repository() {
        return access.repository().orElseThrow(() -> new IllegalStateException("not a repository route"));
    }

    public Account owner() {
        return access.owner().orElseThrow(() -> new IllegalStateException("not a repository route"));
    }

    /** The organization of an {@code /orgs/{org}/...} route, already authorized. */
    public Account organization() {
        return access.organization().orElseThrow(() -> new IllegalStateException("not an organization route"));
    }

    public JsonBody body() {
        return body;
    }

    public ApiUrls urls() {
        return urls;
    }

    public PageRequest pageRequest() {
        return Pagination.pageRequest(query);
    }

    /** A page with the operation's own default and largest {@code per_page}. */
    public PageRequest pageRequest(int defaultPerPage, int maxPerPage) {
        return Pagination.pageRequest(query, defaultPerPage, maxPerPage);
    }

    /**
     * Answers a page of a list: the body built from the page's items, and the {@code Link} header
     * pointing at the neighbouring pages of the very URL the client asked for.
     */
    public <T> Reply paged(Page<T> page, PageRequest request, Function<Page<T>, Object> body) {
        Reply reply = Reply.ok(body.apply(page));
        String link = Pagination.linkHeader(urls.publicUrl() + path, query, request, page.totalCount());
        if (link != null) {
            reply.header("Link", link);
        }
        return reply;
    }
}
