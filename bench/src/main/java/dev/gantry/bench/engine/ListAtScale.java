package dev.gantry.bench.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.engine.runs.Conclusion;
import dev.gantry.engine.runs.NewRun;
import dev.gantry.engine.runs.RunQuery;
import dev.gantry.engine.runs.RunStatus;
import dev.gantry.engine.store.PageRequest;
import dev.gantry.store.Database;
import dev.gantry.store.SqlRunStore;
import dev.gantry.store.SqlTransactions;
import dev.gantry.store.SqlWorkflowStore;
import dev.gantry.testing.TestingGit;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

/**
 * {@code GET /repos/{o}/{r}/actions/runs} with GitHub's filters on a repository holding many runs.
 *
 * <p>The runs are made by the engine's own store layer, as the engine makes them: each batch is
 * one transaction ({@link SqlTransactions}) of {@link SqlWorkflowStore#nextRunNumber} and
 * {@link SqlRunStore#create} calls, on the very database the running server uses. They spread
 * over a year, one run every {@code 365 days / N}; 60 % on {@code main}, the rest on 200 feature
 * branches; push 70 %, pull_request 25 %, workflow_dispatch 4 %, schedule 1 %; five actors; 0.5 %
 * still in progress, the rest completed (success 90 %); all on the pushed commit but 0.1 % on a
 * second one (so {@code head_sha} is selective and every head commit exists in git).
 *
 * <p>Each filter is asked {@code --requests} times one after another, alternating with the
 * reference, {@code GET …/actions/runs/{id}} (one row by primary key through the same HTTP,
 * authentication and serialization): the figure is each filter's p99, the ratio its p99 over the
 * reference's. The same queries are also timed straight on the store ({@link SqlRunStore#search},
 * in this JVM), which is the database's share alone.
 */
public final class ListAtScale {
    private static final String WORKFLOW = "scale.yml";
    private static final double AIM_MILLIS = 50;
    private static final Instant END = Instant.parse("2026-11-01T00:00:00Z");
    private static final int ACTORS = 5;

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    private ListAtScale() {}

    record Options(int runs, boolean postgres, int requests, int batch, Path work) {
        static final String USAGE = """
                usage: bench/run-list-at-scale [options]
                  --runs N       runs seeded into the repository (default 1000000)
                  --postgres     a fresh database on GANTRY_TEST_DATABASE_URL's PostgreSQL instead of SQLite
                  --requests N   requests per filter (default 100)
                  --batch N      runs created per transaction while seeding (default 2000)
                  --work DIR     scratch directory (default: a new temporary one)
                """;

        static Options parse(String[] arguments) throws IOException {
            int runs = 1_000_000;
            boolean postgres = false;
            int requests = 100;
            int batch = 2000;
            Path work = null;
            for (int i = 0; i < arguments.length; i++) {
                if (arguments[i].equals("--postgres")) {
                    postgres = true;
                    continue;
                }
                if (arguments[i].equals("--help") || i + 1 == arguments.length) {
                    throw new IllegalArgumentException(USAGE);
                }
                String value = arguments[++i];
                switch (arguments[i - 1]) {
                    case "--runs" -> runs = Integer.parseInt(value);
                    case "--requests" -> requests = Integer.parseInt(value);
                    case "--batch" -> batch = Integer.parseInt(value);
                    case "--work" -> work = Path.of(value);
                    default -> throw new IllegalArgumentException("unknown option " + arguments[i - 1] + "\n" + USAGE);
                }
            }
            return new Options(runs, postgres, requests, batch, work != null ? work : Files.createTempDirectory("gantry-list-bench-"));
        }
    }

    public static void main(String[] arguments) throws Exception {
        Options options;
        try {
            options = Options.parse(arguments);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        new ListAtScale().run(options);
    }

    /** What the seeded runs refer to: real rows and commits, so the API can show every run. */
    private record Seed(long repositoryId, long workflowId, long[] actorIds, String[] actorLogins, String commonSha, String rareSha) {}

    private void run(Options options) throws Exception {
        String database = options.postgres() ? "PostgreSQL" : "SQLite";
        System.out.printf("List at scale: %,d runs on %s, %d requests per filter; %s; scratch in %s%n", options.runs(), database,
                options.requests(), Machine.describe(), options.work());
        List<String> loadArguments = new ArrayList<>(List.of("--runners", "0", "--work", options.work().toString()));
        if (options.postgres()) {
            loadArguments.add("--postgres");
        }
        LoadOptions load = LoadOptions.parse(loadArguments.toArray(String[]::new));
        try (LoadEnvironment environment = LoadEnvironment.open(load, Map.of(WORKFLOW, """
                name: Scale
                on: [push, pull_request, workflow_dispatch]
                jobs:
                  trivial:
                    runs-on: self-hosted
                    steps:
                      - run: "true"
                """))) {
            Seed seed = prepare(environment, options.work());
            String jdbcUrl = environment.database().map(fresh -> fresh.jdbcUrl())
                    .orElse("jdbc:sqlite:" + options.work().resolve("server-data/gantry.db").toAbsolutePath());
            try (Database store = Database.connect(jdbcUrl)) {
                seed(store, seed, options);
                if (options.postgres()) {
                    // What autovacuum does within a minute of a bulk load (PostgreSQL 13+ vacuums after
                    // inserts too): statistics for the planner, and the visibility map that lets a
                    // count read the index alone.
                    store.jdbi().useHandle(handle -> handle.execute("VACUUM ANALYZE workflow_runs"));
                }
                Map<String, String> filters = filters(seed);
                String base = "/repos/" + environment.repository() + "/actions/runs";
                long someRun = environment.owner().get(base + "?per_page=1").requireStatus(200).json().get("workflow_runs").get(0)
                        .get("id").asLong();
                System.out.printf("%n%-44s %10s %10s %10s %9s %11s %11s%n", "GET …/actions/runs?…", "total", "p50 ms", "p99 ms",
                        "ratio p99", "store p50", "store p99");
                // Warm-up: the JIT, the pools and the database's caches, so no filter pays for being first.
                for (int i = 0; i < 10; i++) {
                    for (String query : filters.values()) {
                        get(environment, base + "?" + query);
                    }
                    get(environment, base + "/" + someRun);
                }
                List<Duration> reference = new ArrayList<>();
                List<Summary> rows = new ArrayList<>();
                double worst = 0;
                String worstFilter = "";
                for (Map.Entry<String, String> filter : filters.entrySet()) {
                    String query = filter.getValue();
                    JsonNode first = get(environment, base + "?" + query);
                    List<Duration> samples = new ArrayList<>();
                    List<Duration> ownReference = new ArrayList<>();
                    for (int i = 0; i < options.requests(); i++) {
                        samples.add(timed(() -> get(environment, base + "?" + query)));
                        ownReference.add(timed(() -> get(environment, base + "/" + someRun)));
                    }
                    reference.addAll(ownReference);
                    Distribution api = Distribution.of(samples);
                    Distribution single = Distribution.of(ownReference);
                    Distribution direct = storeTimes(store, seed, filter.getKey(), options.requests());
                    double p99 = millis(api.percentile(99));
                    double ratio = p99 / millis(single.percentile(99));
                    System.out.printf(Locale.ROOT, "%-44s %10d %10.1f %10.1f %9.1f %11.1f %11.1f%n", query, first.get("total_count").asLong(),
                            millis(api.median()), p99, ratio, millis(direct.median()), millis(direct.percentile(99)));
                    if (p99 > worst) {
                        worst = p99;
                        worstFilter = query;
                    }
                    rows.add(new Summary("List of " + Summary.format("%,d", options.runs()) + " runs, " + database + ": ?" + query,
                            Summary.format("p99 %.1f ms (store %.1f)", p99, millis(direct.percentile(99))),
                            Summary.format("GET …/runs/{id} p99 %.1f ms", millis(single.percentile(99))), Summary.format("%.1f", ratio),
                            "p99 < 50 ms", Summary.verdict(p99 < AIM_MILLIS, Summary.format("%.0f ms", p99))));
                }
                System.out.printf(Locale.ROOT, "reference GET …/actions/runs/{id}: p50 %.1f ms, p99 %.1f ms; worst filter %s at p99 %.1f ms;"
                        + " load average %s%n", millis(Distribution.of(reference).median()), millis(Distribution.of(reference).percentile(99)),
                        worstFilter, worst, Machine.loadAverage());
                rows.forEach(Summary::print);
            }
        }
    }

    /** One run dispatched through the API (the workflow's row, a real commit), a second commit, more actors. */
    private Seed prepare(LoadEnvironment environment, Path work) {
        long runId = environment.dispatch(WORKFLOW);
        JsonNode run = environment.owner().get("/repos/" + environment.repository() + "/actions/runs/" + runId).requireStatus(200).json();
        TestingGit git = new TestingGit(work.resolve("git-home"));
        Path checkout = work.resolve("checkout");
        git.run(checkout, "commit", "--allow-empty", "-m", "A rarer commit");
        git.run(checkout, "push", "origin", "HEAD:refs/heads/rare");
        String rareSha = git.run(checkout, "rev-parse", "HEAD").strip();
        long[] actorIds = new long[ACTORS];
        String[] logins = new String[ACTORS];
        actorIds[0] = run.get("actor").get("id").asLong();
        logins[0] = run.get("actor").get("login").asText();
        for (int i = 1; i < ACTORS; i++) {
            logins[i] = logins[0] + "-actor-" + i;
            actorIds[i] = environment.admin().post("/admin/users", Map.of("login", logins[i], "email", logins[i] + "@example.com"))
                    .requireStatus(201).json().get("id").asLong();
        }
        return new Seed(run.get("repository").get("id").asLong(), run.get("workflow_id").asLong(), actorIds, logins,
                run.get("head_sha").asText(), rareSha);
    }

    private void seed(Database database, Seed seed, Options options) {
        SqlRunStore runs = new SqlRunStore(database);
        SqlWorkflowStore workflows = new SqlWorkflowStore(database);
        SqlTransactions transactions = new SqlTransactions(database);
        SplittableRandom random = new SplittableRandom(7);
        ObjectNode empty = json.createObjectNode();
        long spacing = Duration.ofDays(365).toMillis() / options.runs();
        Instant start = END.minus(Duration.ofDays(365));
        long started = System.nanoTime();
        for (int done = 0; done < options.runs(); ) {
            int first = done;
            int size = Math.min(options.batch(), options.runs() - done);
            transactions.inTransaction(() -> {
                for (int i = first; i < first + size; i++) {
                    double roll = random.nextDouble();
                    String event = roll < 0.70 ? "push" : roll < 0.95 ? "pull_request" : roll < 0.99 ? "workflow_dispatch" : "schedule";
                    String branch = random.nextDouble() < 0.6 ? "main" : "feature-" + random.nextInt(200);
                    boolean running = random.nextDouble() < 0.005;
                    double outcome = random.nextDouble();
                    Conclusion conclusion = running ? null : outcome < 0.9 ? Conclusion.SUCCESS : outcome < 0.97 ? Conclusion.FAILURE
                            : Conclusion.CANCELLED;
                    String sha = i % 1000 == 999 ? seed.rareSha() : seed.commonSha();
                    runs.create(new NewRun(seed.repositoryId(), seed.workflowId(), workflows.nextRunNumber(seed.workflowId()), "Scale",
                            "Seeded run " + i, event, sha, branch, "refs/heads/" + branch, seed.actorIds()[random.nextInt(ACTORS)], empty,
                            empty, running ? RunStatus.IN_PROGRESS : RunStatus.COMPLETED, conclusion, null, null,
                            start.plusMillis(spacing * i)));
                }
                return null;
            });
            done += size;
            if (done % 50_000 == 0 || done == options.runs()) {
                double seconds = (System.nanoTime() - started) / 1e9;
                System.out.printf(Locale.ROOT, "  seeded %,d runs in %.0f s (%.0f runs/s, load %s)%n", done, seconds, done / seconds,
                        Machine.loadAverage());
            }
        }
    }

    /** The filters, by name; each a query string as a client sends it. */
    private static Map<String, String> filters(Seed seed) {
        LocalDate middle = LocalDate.ofInstant(END.minus(Duration.ofDays(180)), ZoneOffset.UTC);
        Map<String, String> filters = new LinkedHashMap<>();
        filters.put("none", "per_page=30");
        filters.put("status=in_progress", "status=in_progress");
        filters.put("status=success", "status=success");
        filters.put("branch=main", "branch=main");
        filters.put("branch=feature-7", "branch=feature-7");
        filters.put("event=pull_request", "event=pull_request");
        filters.put("actor", "actor=" + URLEncoder.encode(seed.actorLogins()[3], StandardCharsets.UTF_8));
        filters.put("created", "created=" + middle + ".." + middle.plusDays(1));
        filters.put("head_sha", "head_sha=" + seed.rareSha());
        filters.put("combined", "branch=main&event=push&status=failure&created=" + middle.minusDays(30) + ".." + middle);
        return filters;
    }

    /** The filter's query straight on the store, as {@code RunFilters} builds it: the database's share. */
    private static Distribution storeTimes(Database database, Seed seed, String filter, int count) {
        LocalDate middle = LocalDate.ofInstant(END.minus(Duration.ofDays(180)), ZoneOffset.UTC);
        UnaryOperator<RunQuery> refine = switch (filter) {
            case "status=in_progress" -> q -> with(q, null, null, null, RunStatus.IN_PROGRESS, null, null, null, null);
            case "status=success" -> q -> with(q, null, null, null, null, Conclusion.SUCCESS, null, null, null);
            case "branch=main" -> q -> with(q, null, "main", null, null, null, null, null, null);
            case "branch=feature-7" -> q -> with(q, null, "feature-7", null, null, null, null, null, null);
            case "event=pull_request" -> q -> with(q, null, null, "pull_request", null, null, null, null, null);
            case "actor" -> q -> with(q, seed.actorIds()[3], null, null, null, null, null, null, null);
            case "created" -> q -> with(q, null, null, null, null, null, day(middle), day(middle.plusDays(2)), null);
            case "head_sha" -> q -> with(q, null, null, null, null, null, null, null, seed.rareSha());
            case "combined" -> q -> with(q, null, "main", "push", null, Conclusion.FAILURE, day(middle.minusDays(30)), day(middle.plusDays(1)),
                    null);
            default -> q -> q;
        };
        RunQuery query = refine.apply(RunQuery.all(seed.repositoryId()));
        SqlRunStore runs = new SqlRunStore(database);
        PageRequest page = new PageRequest(1, 30);
        runs.search(query, page);
        List<Duration> samples = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            samples.add(timed(() -> runs.search(query, page)));
        }
        return Distribution.of(samples);
    }

    private static Instant day(LocalDate date) {
        return date.atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    private static RunQuery with(RunQuery q, Long actor, String branch, String event, RunStatus status, Conclusion conclusion, Instant from,
            Instant until, String sha) {
        return new RunQuery(q.repositoryId(), q.workflowId(), Optional.ofNullable(actor), Optional.ofNullable(branch), Optional.ofNullable(event),
                Optional.ofNullable(status), Optional.ofNullable(conclusion), Optional.ofNullable(from), Optional.ofNullable(until),
                Optional.ofNullable(sha), q.runId());
    }

    private JsonNode get(LoadEnvironment environment, String path) {
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(environment.baseUrl() + path))
                    .header("Authorization", "Bearer " + environment.token()).build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException(path + " answered " + answer.statusCode() + ": " + answer.body());
            }
            return json.readTree(answer.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Duration timed(Runnable work) {
        long started = System.nanoTime();
        work.run();
        return Duration.ofNanos(System.nanoTime() - started);
    }

    private static double millis(Duration duration) {
        return duration.toNanos() / 1e6;
    }
}
