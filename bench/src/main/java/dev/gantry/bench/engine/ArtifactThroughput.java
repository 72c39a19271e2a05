package dev.gantry.bench.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Artifact upload and download throughput against nginx on the same machine, in the same run.
 *
 * <p>A real server and a real runner: a dispatched job hands this program its
 * {@code ACTIONS_RUNTIME_TOKEN} and results URL (through files in the scratch directory) and stays
 * in progress until told to stop, so every call below is one a job's step could make. Each round
 * then moves one payload file four ways with {@code curl}, the same client for both servers: up to
 * Gantry (CreateArtifact, one Put Blob on the signed URL, FinalizeArtifact), down from Gantry
 * (GetSignedArtifactURL, then GET), up to nginx (WebDAV {@code PUT}) and down from nginx (a static
 * file). Meanwhile {@code jstat} samples the server's used heap every 100 ms.
 *
 * <p>The server runs with a small maximum heap ({@code -Xmx}, default 192 MiB): a transfer five
 * times larger than the whole heap that completes shows the bytes are streamed, not held.
 */
public final class ArtifactThroughput {
    private static final String HOLD_WORKFLOW = "hold.yml";
    private static final String TWIRP = "twirp/github.actions.results.api.v1.ArtifactService/";
    private static final int MIB = 1 << 20;

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    private ArtifactThroughput() {}

    record Options(int sizeMib, int rounds, String serverHeap, Path work) {
        static final String USAGE = """
                usage: bench/run-artifacts [options]
                  --size-mib N     payload size in MiB (default 1024)
                  --rounds N       rounds, each moving the payload four ways (default 3)
                  --server-heap S  the server JVM's -Xmx (default 192m)
                  --work DIR       scratch directory (default: a new temporary one)
                """;

        static Options parse(String[] arguments) throws IOException {
            int size = 1024;
            int rounds = 3;
            String heap = "192m";
            Path work = null;
            for (int i = 0; i < arguments.length; i++) {
                if (arguments[i].equals("--help") || i + 1 == arguments.length) {
                    throw new IllegalArgumentException(USAGE);
                }
                String value = arguments[++i];
                switch (arguments[i - 1]) {
                    case "--size-mib" -> size = Integer.parseInt(value);
                    case "--rounds" -> rounds = Integer.parseInt(value);
                    case "--server-heap" -> heap = value;
                    case "--work" -> work = Path.of(value);
                    default -> throw new IllegalArgumentException("unknown option " + arguments[i - 1] + "\n" + USAGE);
                }
            }
            return new Options(size, rounds, heap, work != null ? work : Files.createTempDirectory("gantry-artifact-bench-"));
        }
    }

    /** One transfer: its wall time as {@code curl} saw it, and the server's peak used heap meanwhile (bytes; -1 for nginx). */
    record Transfer(String what, Duration wall, long peakHeap) {}

    public static void main(String[] arguments) throws Exception {
        Options options;
        try {
            options = Options.parse(arguments);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        new ArtifactThroughput().run(options);
    }

    private void run(Options options) throws Exception {
        Path work = options.work();
        Path handoff = Files.createDirectories(work.resolve("handoff"));
        Path www = Files.createDirectories(work.resolve("nginx/www"));
        Path payload = www.resolve("payload.bin");
        String digest = writePayload(payload, (long) options.sizeMib() * MIB);
        System.out.printf("Artifact throughput: %d MiB payload, %d rounds, server -Xmx%s, JDK %s, %d cores; scratch in %s%n",
                options.sizeMib(), options.rounds(), options.serverHeap(), Runtime.version(),
                Runtime.getRuntime().availableProcessors(), work);
        LoadOptions load = LoadOptions.parse(new String[] {"--runners", "1", "--runs", "0", "--jobs", "0",
                "--work", work.toString(), "--server-java-options", "-Xmx" + options.serverHeap()});
        try (LoadEnvironment environment = LoadEnvironment.open(load, Map.of(HOLD_WORKFLOW, holdWorkflow()));
                Nginx nginx = Nginx.start(work.resolve("nginx"), www)) {
            long runId = environment.dispatch(HOLD_WORKFLOW, Map.of("handoff", handoff.toString()));
            Path tokenFile = handoff.resolve("token");
            Instant deadline = Instant.now().plusSeconds(120);
            while (!Files.exists(handoff.resolve("ready"))) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("the holding job did not start; the runner said:\n" + environment.runnerOutput());
                }
                GantryProcess.sleep(Duration.ofMillis(100));
            }
            String token = Files.readString(tokenFile).strip();
            String results = Files.readString(handoff.resolve("results-url")).strip();
            long pid = environment.serverPid().orElseThrow();
            long idleHeap = heapAfterGc(pid);
            List<Transfer> transfers = new ArrayList<>();
            for (int round = 1; round <= options.rounds(); round++) {
                String name = "bench-" + round;
                JsonNode created = twirp(results, token, "CreateArtifact", Map.of("workflow_run_backend_id", claim(token, "run_id"),
                        "workflow_job_run_backend_id", claim(token, "job_id"), "name", name, "version", 4));
                String upload = created.get("signed_upload_url").asText();
                transfers.add(sampled(pid, "Gantry upload (Put Blob)", () -> curl("-T", payload.toString(),
                        "-H", "x-ms-blob-type: BlockBlob", upload)));
                twirp(results, token, "FinalizeArtifact", Map.of("workflow_run_backend_id", claim(token, "run_id"),
                        "workflow_job_run_backend_id", claim(token, "job_id"), "name", name,
                        "size", Long.toString(Files.size(payload)), "hash", "sha256:" + digest));
                String download = twirp(results, token, "GetSignedArtifactURL", Map.of("workflow_run_backend_id", claim(token, "run_id"),
                        "workflow_job_run_backend_id", claim(token, "job_id"), "name", name)).get("signed_url").asText();
                transfers.add(sampled(pid, "Gantry download", () -> curl(download)));
                transfers.add(new Transfer("nginx upload (PUT)", timed(() -> curl("-T", payload.toString(), nginx.url("/up/" + name))), -1));
                transfers.add(new Transfer("nginx download", timed(() -> curl(nginx.url("/payload.bin"))), -1));
            }
            Files.writeString(handoff.resolve("done"), "");
            JsonNode run = environment.awaitRun(runId, Duration.ofMinutes(2));
            print(options, transfers, idleHeap);
            System.out.println("  holding run concluded " + run.get("conclusion").asText());
        }
    }

    /** A job that hands over its runtime token and results URL, then stays in progress until the program is done. */
    private static String holdWorkflow() {
        return """
                name: Hold
                on:
                  workflow_dispatch:
                    inputs:
                      handoff: {required: true}
                jobs:
                  hold:
                    runs-on: self-hosted
                    steps:
                      - run: |
                          printf '%s' "$ACTIONS_RUNTIME_TOKEN" > "${{ inputs.handoff }}/token"
                          printf '%s' "$ACTIONS_RESULTS_URL" > "${{ inputs.handoff }}/results-url"
                          touch "${{ inputs.handoff }}/ready"
                          while [ ! -f "${{ inputs.handoff }}/done" ]; do sleep 0.2; done
                """;
    }

    /** Random bytes (incompressible, so no layer can shortcut them), written 1 MiB at a time; returns their SHA-256. */
    private static String writePayload(Path file, long size) throws IOException, NoSuchAlgorithmException {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        SplittableRandom random = new SplittableRandom(42);
        byte[] chunk = new byte[MIB];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < size; written += chunk.length) {
                for (int i = 0; i < chunk.length; i += 8) {
                    long value = random.nextLong();
                    for (int b = 0; b < 8; b++) {
                        chunk[i + b] = (byte) (value >>> (8 * b));
                    }
                }
                out.write(chunk);
                sha.update(chunk);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private JsonNode twirp(String resultsUrl, String token, String method, Map<String, Object> body) throws IOException, InterruptedException {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(resultsUrl + TWIRP + method))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException(method + " answered " + answer.statusCode() + ": " + answer.body());
        }
        return json.readTree(answer.body());
    }

    /** A claim of the runtime token (its payload is plain base64url JSON), as a string. */
    private String claim(String token, String name) throws IOException {
        return json.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1])).get(name).asText();
    }

    private static void curl(String... arguments) {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--fail", "-o", "/dev/null",
                // No "Expect: 100-continue" round trip before the body, for either server.
                "-H", "Expect:"));
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command.subList(0, 6)) + " … failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Duration timed(Runnable transfer) {
        long started = System.nanoTime();
        transfer.run();
        return Duration.ofNanos(System.nanoTime() - started);
    }

    /** Times {@code transfer} while {@code jstat} samples the server's used heap every 100 ms. */
    private static Transfer sampled(long pid, String what, Runnable transfer) throws IOException, InterruptedException {
        Process jstat = new ProcessBuilder(jdkTool("jstat"), "-gc", Long.toString(pid), "100").redirectErrorStream(true).start();
        AtomicLong peak = new AtomicLong();
        Thread reader = Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(jstat.getInputStream(), StandardCharsets.UTF_8))) {
                String header = lines.readLine();
                List<String> columns = header == null ? List.of() : List.of(header.trim().split("\\s+"));
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    peak.accumulateAndGet(usedHeap(columns, line), Math::max);
                }
            } catch (IOException e) {
                // jstat stopped: the samples so far stand.
            }
        });
        Duration wall = timed(transfer);
        jstat.destroy();
        reader.join(2000);
        return new Transfer(what, wall, peak.get());
    }

    /** Used heap in bytes from one {@code jstat -gc} line: survivor, eden and old generation use (KB columns). */
    private static long usedHeap(List<String> columns, String line) {
        String[] values = line.trim().split("\\s+");
        double kilobytes = 0;
        for (String column : List.of("S0U", "S1U", "EU", "OU")) {
            int index = columns.indexOf(column);
            if (index >= 0 && index < values.length) {
                kilobytes += Double.parseDouble(values[index]);
            }
        }
        return (long) (kilobytes * 1024);
    }

    /** The server's used heap right after a full collection: what it holds at rest. */
    private static long heapAfterGc(long pid) throws IOException, InterruptedException {
        new ProcessBuilder(jdkTool("jcmd"), Long.toString(pid), "GC.run").redirectErrorStream(true).start().waitFor();
        Process jstat = new ProcessBuilder(jdkTool("jstat"), "-gc", Long.toString(pid)).redirectErrorStream(true).start();
        List<String> lines = new String(jstat.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        jstat.waitFor();
        return usedHeap(List.of(lines.get(0).trim().split("\\s+")), lines.get(1));
    }

    /** A tool of the JDK this program runs on (the server runs on the same one). */
    private static String jdkTool(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name).toString();
    }

    private static void print(Options options, List<Transfer> transfers, long idleHeap) {
        double mib = options.sizeMib();
        System.out.printf("%n%-26s %10s %10s %10s %14s%n", "transfer", "best MiB/s", "median", "worst", "peak heap MiB");
        Map<String, List<Transfer>> byKind = new java.util.LinkedHashMap<>();
        transfers.forEach(transfer -> byKind.computeIfAbsent(transfer.what(), kind -> new ArrayList<>()).add(transfer));
        Map<String, Double> medians = new java.util.HashMap<>();
        byKind.forEach((kind, list) -> {
            List<Double> rates = list.stream().map(t -> mib / (t.wall().toNanos() / 1e9)).sorted().toList();
            long peak = list.stream().mapToLong(Transfer::peakHeap).max().orElse(-1);
            double median = rates.get(rates.size() / 2);
            medians.put(kind, median);
            System.out.printf(Locale.ROOT, "%-26s %10.0f %10.0f %10.0f %14s%n", kind, rates.getLast(), median, rates.getFirst(),
                    peak < 0 ? "-" : String.format(Locale.ROOT, "%.0f", peak / (double) MIB));
        });
        System.out.printf(Locale.ROOT, "%nRatio to nginx (medians): upload %.2f, download %.2f%n",
                medians.get("Gantry upload (Put Blob)") / medians.get("nginx upload (PUT)"),
                medians.get("Gantry download") / medians.get("nginx download"));
        for (String[] pair : new String[][] {{"Gantry upload (Put Blob)", "nginx upload (PUT)"}, {"Gantry download", "nginx download"}}) {
            double ratio = medians.get(pair[0]) / medians.get(pair[1]);
            new Summary("Artifacts, " + options.sizeMib() + " MiB: " + pair[0], Summary.format("%.0f MiB/s", medians.get(pair[0])),
                    Summary.format("%s %.0f MiB/s", pair[1], medians.get(pair[1])), Summary.format("%.2f", ratio), "-", "-").print();
        }
        System.out.printf(Locale.ROOT, "Server heap used at rest (after a full GC) %.0f MiB; peak during Gantry transfers is above%n",
                idleHeap / (double) MIB);
    }
}
