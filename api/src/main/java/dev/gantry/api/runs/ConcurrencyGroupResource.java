package dev.gantry.api.runs;

import dev.gantry.api.http.ApiRequest;
import dev.gantry.api.http.Reply;
import dev.gantry.api.http.Route;
import dev.gantry.engine.GantryException;
import dev.gantry.engine.runs.ConcurrencyGroups;
import dev.gantry.engine.runs.ConcurrencyGroups.Group;
import dev.gantry.engine.runs.ConcurrencyGroups.Member;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * GitHub's concurrency-groups API: a repository's active groups, one group's members (who holds
 * it, who waits, optionally only those ahead of a run or job) and the groups a run takes part in.
 * Lists are cursor-paged as on GitHub: {@code after} (and for a run {@code before}) name a group.
 */
public final class ConcurrencyGroupResource {
    private static final String GROUPS = "/repos/{owner}/{repo}/actions/concurrency_groups";

    private final ConcurrencyGroups groups;

    public ConcurrencyGroupResource(ConcurrencyGroups groups) {
        this.groups = Objects.requireNonNull(groups, "groups");
    }

    public List<Route> routes() {
        return List.of(
                Route.get(GROUPS, "actions/list-concurrency-groups-for-repository", this::list),
                Route.get(GROUPS + "/{concurrency_group_name}", "actions/get-concurrency-group-for-repository", this::get),
                Route.get("/repos/{owner}/{repo}/actions/runs/{run_id}/concurrency_groups",
                        "actions/list-concurrency-groups-for-workflow-run", this::listForRun));
    }

    private Reply list(ApiRequest request) {
        List<Group> page = page(request, groups.list(request.repository().id()));
        List<Map<String, Object>> items = new ArrayList<>();
        for (Group group : page) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("group_name", group.name());
            item.put("group_url", groupUrl(request, group.name()));
            item.put("last_acquired_at", group.lastAcquiredAt());
            items.add(item);
        }
        return Reply.ok(Map.of("total_count", items.size(), "concurrency_groups", items));
    }

    private Reply get(ApiRequest request) {
        Group group = groups.get(request.repository().id(), request.parameter("concurrency_group_name"));
        Optional<Long> aheadOfRun = positiveQuery(request, "ahead_of_run");
        Optional<Long> aheadOfJob = positiveQuery(request, "ahead_of_job");
        if (aheadOfRun.isPresent() && aheadOfJob.isPresent()) {
            throw GantryException.invalid("ahead_of_run and ahead_of_job are mutually exclusive");
        }
        List<Member> members = group.members();
        if (aheadOfRun.isPresent() || aheadOfJob.isPresent()) {
            int last = -1;
            for (int index = 0; index < members.size(); index++) {
                Member member = members.get(index);
                boolean matches = aheadOfRun.isPresent()
                        ? member.job() == null && member.run().id() == aheadOfRun.get()
                        : member.job() != null && member.job().id() == aheadOfJob.get();
                if (matches) {
                    last = index;
                }
            }
            members = members.subList(0, last + 1);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("group_name", group.name());
        body.put("group_url", groupUrl(request, group.name()));
        body.put("total_count", members.size());
        body.put("group_members", members.stream().map(member -> member(request, member)).toList());
        return Reply.ok(body);
    }

    private Reply listForRun(ApiRequest request) {
        long runId;
        try {
            runId = Long.parseLong(request.parameter("run_id"));
        } catch (NumberFormatException e) {
            throw GantryException.notFound();
        }
        List<Group> all = groups.forRun(request.repository().id(), runId);
        List<Map<String, Object>> items = new ArrayList<>();
        for (Group group : page(request, all)) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("group_name", group.name());
            item.put("group_url", groupUrl(request, group.name()));
            item.put("group_members", group.members().stream().map(member -> {
                Map<String, Object> view = member(request, member);
                view.put("position", member.position());
                view.put("position_url", groupUrl(request, group.name()) + (member.job() == null
                        ? "?ahead_of_run=" + member.run().id() : "?ahead_of_job=" + member.job().id()));
                return view;
            }).toList());
            items.add(item);
        }
        return Reply.ok(Map.of("total_count", all.size(), "concurrency_groups", items));
    }

    /** A run member, or a job member with its job's fields; absent fields stay absent (the schema does not allow null for all). */
    private static Map<String, Object> member(ApiRequest request, Member member) {
        String fullName = request.owner().login() + "/" + request.repository().name();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("run_id", member.run().id());
        view.put("run_name", member.run().displayTitle());
        view.put("run_url", request.urls().api("/repos/" + fullName + "/actions/runs/" + member.run().id()));
        view.put("run_html_url", request.urls().html("/" + fullName + "/actions/runs/" + member.run().id()));
        if (member.job() != null) {
            view.put("job_id", member.job().id());
            view.put("job_name", member.job().name());
            view.put("job_url", request.urls().api("/repos/" + fullName + "/actions/jobs/" + member.job().id()));
            view.put("job_html_url", request.urls().html("/" + fullName + "/actions/runs/" + member.run().id() + "/job/"
                    + member.job().id()));
        }
        view.put("status", member.holding() ? "in_progress" : "pending");
        return view;
    }

    /** The groups after the {@code after} cursor (or before {@code before}), at most {@code per_page}. */
    private static List<Group> page(ApiRequest request, List<Group> all) {
        int perPage = request.pageRequest().perPage();
        Optional<String> after = request.query("after");
        Optional<String> before = request.query("before");
        int from = 0;
        int to = all.size();
        for (int index = 0; index < all.size(); index++) {
            if (after.isPresent() && all.get(index).name().equalsIgnoreCase(after.get())) {
                from = index + 1;
            }
            if (before.isPresent() && all.get(index).name().equalsIgnoreCase(before.get())) {
                to = index;
            }
        }
        if (from >= to) {
            return List.of();
        }
        return before.isPresent() && after.isEmpty()
                ? all.subList(Math.max(from, to - perPage), to)
                : all.subList(from, Math.min(to, from + perPage));
    }

    private static String groupUrl(ApiRequest request, String name) {
        String fullName = request.owner().login() + "/" + request.repository().name();
        return request.urls().api("/repos/" + fullName + "/actions/concurrency_groups/"
                + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20"));
    }

    private static Optional<Long> positiveQuery(ApiRequest request, String name) {
        Optional<String> value = request.query(name);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            long parsed = Long.parseLong(value.get());
            if (parsed >= 1) {
                return Optional.of(parsed);
            }
        } catch (NumberFormatException e) {
            // falls through to the 422 below
        }
        throw GantryException.invalid(name + " must be a positive integer");
    }
}
