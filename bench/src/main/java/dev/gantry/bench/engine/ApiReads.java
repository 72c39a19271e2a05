package dev.gantry.bench.engine;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * API read throughput against nginx: {@code wrk} on {@code GET /repos/{o}/{r}/actions/runs/{id}}
 * and {@code GET …/actions/runs?per_page=100} (authenticated, as a client would call them), and
 * on nginx serving the very bytes those calls answered from a file. The two servers are measured
 * alternately, round after round, so a change in the machine's load hits both; the figure is the
 * ratio of their median rates.
 */
public final class ApiReads {
    private static final String WORKFLOW = "reads.yml";

    private ApiReads() {}

    record Options(int runs, int rounds, int seconds, int connections, Path work, String serverJavaOptions, String only) {
        static final String USAGE = """
                usage: bench/run-api-reads [options]
                  --runs N         runs in the repository, queued by dispatch (default 100: one full page)
                  --rounds N       rounds, each measuring both servers on both calls (default 3)
                  --seconds N      wrk's duration per measurement (default 10)
                  --connections N  wrk's keep-alive connections (default 16, on 2 wrk threads)
                  --work DIR       scratch directory (default: a new temporary one)
                  --server-java-options "OPTS"  JVM options for the server, e.g. a flight recording
                  --only run|list  measure only that call (e.g. to profile it alone)
                """;

        static Options parse(String[] arguments) throws IOException {
            int runs = 100;
            int rounds = 3;
            int seconds = 10;
            int connections = 16;
            Path work = null;
            String serverJavaOptions = "";
            String only = "";
            for (int i = 0; i < arguments.length; i++) {
                if (arguments[i].equals("--help") || i + 1 == arguments.length) {
                    throw new IllegalArgumentException(USAGE);
                }
                String value = arguments[++i];
                switch (arguments[i - 1]) {
                    case "--runs" -> runs = Integer.parseInt(value);
                    case "--rounds" -> rounds = Integer.parseInt(value);
                    case "--seconds" -> seconds = Integer.parseInt(value);
                    case "--connections" -> connections = Integer.parseInt(value);
                    case "--work" -> work = Path.of(value);
                    case "--server-java-options" -> serverJavaOptions = value;
                    case "--only" -> only = value;
                    default -> throw new IllegalArgumentException("unknown option " + arguments[i - 1] + "\n" + USAGE);
                }
            }
            return new Options(runs, rounds, seconds, connections, work != null ? work : Files.createTempDirectory("gantry-api-bench-"),
                    serverJavaOptions, only);
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
        run(options);
    }

    private static void run(Options options) throws Exception {
        System.out.printf("API reads against nginx: %d runs, %d rounds of %d s, %d connections; %s; scratch in %s%n", options.runs(),
                options.rounds(), options.seconds(), options.connections(), Machine.describe(), options.work());
        Path www = Files.createDirectories(options.work().resolve("nginx/www"));
        List<String> loadArguments = new ArrayList<>(List.of("--runners", "0", "--work", options.work().toString()));
        if (!options.serverJavaOptions().isBlank()) {
            loadArguments.addAll(List.of("--server-java-options", options.serverJavaOptions()));
        }
        LoadOptions load = LoadOptions.parse(loadArguments.toArray(String[]::new));
        try (LoadEnvironment environment = LoadEnvironment.open(load, Map.of(WORKFLOW, """
                name: Reads
                on: workflow_dispatch
                jobs:
                  trivial:
                    runs-on: self-hosted
                    steps:
                      - run: "true"
                """));
                Nginx nginx = Nginx.start(options.work().resolve("nginx"), www)) {
            long runId = 0;
            for (int i = 0; i < options.runs(); i++) {
                runId = environment.dispatch(WORKFLOW);
            }
            String base = environment.baseUrl() + "/repos/" + environment.repository() + "/actions/runs";
            List<Call> calls = java.util.stream.Stream.of(
                    new Call("GET …/actions/runs/{id}", base + "/" + runId, "run.json", 0.6),
                    new Call("GET …/actions/runs?per_page=100", base + "?per_page=100", "runs.json", 0))
                    .filter(call -> options.only().isEmpty() || call.file().equals(options.only().equals("list") ? "runs.json" : "run.json"))
                    .toList();
            for (Call call : calls) {
                // The API's answer, byte for byte, is what nginx serves.
                Files.write(www.resolve(call.file()), fetch(call.url(), environment.token()));
            }
            Wrk wrk = new Wrk(2, options.connections(), options.seconds());
            Optional<String> bearer = Optional.of(environment.token());
            for (Call call : calls) {
                wrk.rate(call.url(), bearer); // warm-up: the JIT, the connection pool, the caches
            }
            Map<Call, List<double[]>> rates = new java.util.LinkedHashMap<>();
            for (int round = 1; round <= options.rounds(); round++) {
                for (Call call : calls) {
                    double reference = wrk.rate(nginx.url("/" + call.file()), bearer);
                    double gantry = wrk.rate(call.url(), bearer);
                    rates.computeIfAbsent(call, key -> new ArrayList<>()).add(new double[] {gantry, reference});
                    System.out.printf(Locale.ROOT, "  round %d %-34s Gantry %8.0f/s  nginx %8.0f/s  ratio %.3f  (load %s)%n", round,
                            call.name(), gantry, reference, gantry / reference, Machine.loadAverage());
                }
            }
            System.out.printf("%n%-34s %12s %12s %8s %10s%n", "call (median of rounds)", "Gantry req/s", "nginx req/s", "ratio", "bytes");
            for (Map.Entry<Call, List<double[]>> entry : rates.entrySet()) {
                Call call = entry.getKey();
                double gantry = median(entry.getValue().stream().mapToDouble(pair -> pair[0]).toArray());
                double reference = median(entry.getValue().stream().mapToDouble(pair -> pair[1]).toArray());
                double ratio = median(entry.getValue().stream().mapToDouble(pair -> pair[0] / pair[1]).toArray());
                System.out.printf(Locale.ROOT, "%-34s %12.0f %12.0f %8.3f %10d%n", call.name(), gantry, reference, ratio,
                        Files.size(www.resolve(call.file())));
                new Summary("API reads: " + call.name(), Summary.format("%.0f req/s", gantry), Summary.format("nginx %.0f req/s", reference),
                        Summary.format("%.2f", ratio), call.aim() > 0 ? Summary.format("≥ %.1f of nginx", call.aim()) : "-",
                        call.aim() > 0 ? Summary.verdict(ratio >= call.aim(), Summary.format("%.2f of nginx", ratio)) : "-").print();
            }
        }
    }

    /** One measured call: the API's URL, and the file under nginx's root holding its answer. */
    private record Call(String name, String url, String file, double aim) {}

    private static byte[] fetch(String url, String token) throws IOException, InterruptedException {
        HttpResponse<byte[]> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + answer.statusCode() + ": " + new String(answer.body()));
        }
        return answer.body();
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }
}
