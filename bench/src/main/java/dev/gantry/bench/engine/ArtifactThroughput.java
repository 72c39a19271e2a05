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
 * Artifact (or, with {@code --service caches}, cache) upload and download throughput against nginx
 * on the same machine, in the same run.
 *
 * <p>A real server and a real runner: a dispatched job hands this program its
 * {@code ACTIONS_RUNTIME_TOKEN} and results URL (through files in the scratch directory) and stays
 * in progress until told to stop, so every call below is one a job's step could make. Each round
 * then moves one payload file four ways with {@code curl}, the same client for both servers: up to
 * Gantry (CreateArtifact, one Put Blob on the signed URL, FinalizeArtifact), down from Gantry
 * (GetSignedArtifactURL, then GET), up to nginx (WebDAV {@code PUT}) and down from nginx (a static
 * file). Meanwhile {@code jstat} samples the server's used heap every 100 ms.
 *
 * <p>Caches go the way {@code @actions/cache} (v4, the results service) takes them: CreateCacheEntry
 * gives the signed upload URL, one Put Blob, FinalizeCacheEntryUpload; a restore is
 * GetCacheEntryDownloadURL for the key, then GET. Only the Twirp calls differ from artifacts; the
 * bytes move the same way, through the same Azure-style blob endpoint.
 *
 * <p>The server runs with a small maximum heap ({@code -Xmx}, default 192 MiB): a transfer five
 * times larger than the whole heap that completes shows the bytes are streamed, not held.
 */
public final class ArtifactThroughput {
    private static final String HOLD_WORKFLOW = "hold.yml";
    private static final String ARTIFACT_TWIRP = "twirp/github.actions.results.api.v1.ArtifactService/";
    private static final String CACHE_TWIRP = "twirp/github.actions.results.api.v1.CacheService/";
    private static final int MIB = 1 << 20;
    /** What @actions/cache sends as the version: a SHA-256 of the paths and compression; any fixed one serves here. */
    private static final String CACHE_VERSION = "0d1f5b6cb54bd4ef3c2d2a9b77b8b8e0a0b2a0d5a6e4f1f2b3c4d5e6f7a8b9c0";

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    private ArtifactThroughput() {}

    /** What is moved: the names of its two transfers, as the table shows them. */
    enum Service {
        ARTIFACTS("Artifacts", "Gantry upload (Put Blob)", "Gantry download"),
        CACHES("Caches", "Gantry save (Put Blob)", "Gantry restore (download)");

        final String title;
        final String upload;
        final String download;

        Service(String title, String upload, String download) {
            this.title = title;
            this.upload = upload;
            this.download = download;
        }
    }

    record Options(Service service, int sizeMib, int rounds, String serverHeap, Path work) {
        static final String USAGE = """
                usage: bench/run-artifacts [options]   (bench/run-caches: the same with --service caches)
                  --service S      artifacts (default) or caches
                  --size-mib N     payload size in MiB (default 1024 for artifacts, 256 for caches)
                  --rounds N       rounds, each moving the payload four ways (default 3)
                  --server-heap S  the server JVM's -Xmx (default 192m)
                  --work DIR       scratch directory (default: a new temporary one)
                """;

        static Options parse(String[] arguments) throws IOException {
            Service service = Service.ARTIFACTS;
            int size = 0;
            int rounds = 3;
            String heap = "192m";
            Path work = null;
            for (int i = 0; i < arguments.length; i++) {
                if (arguments[i].equals("--help") || i + 1 == arguments.length) {
                    throw new IllegalArgumentException(USAGE);
                }
                String value = arguments[++i];
                switch (arguments[i - 1]) {
                    case "--service" -> service = Service.valueOf(value.toUpperCase(Locale.ROOT));
                    case "--size-mib" -> size = Integer.parseInt(value);
                    case "--rounds" -> rounds = Integer.parseInt(value);
                    case "--server-heap" -> heap = value;
                    case "--work" -> work = Path.of(value);
                    default -> throw new IllegalArgumentException("unknown option " + arguments[i - 1] + "\n" + USAGE);
                }
            }
            if (size <= 0) {
                size = service == Service.CACHES ? 256 : 1024;
            }
            return new Options(service, size, rounds, heap, work != null ? work : Files.createTempDirectory("gantry-artifact-bench-"));
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
        System.out.printf("%s throughput: %d MiB payload, %d rounds, server -Xmx%s, JDK %s, %d cores; scratch in %s%n",
                options.service().title, options.sizeMib(), options.rounds(), options.serverHeap(), Runtime.version(),
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
                String upload = reserve(options.service(), results, token, name);
                transfers.add(sampled(pid, options.service().upload, () -> curl("-T", payload.toString(),
                        "-H", "x-ms-blob-type: BlockBlob", upload)));
                commit(options.service(), results, token, name, Files.size(payload), digest);
                String download = downloadUrl(options.service(), results, token, name);
                transfers.add(sampled(pid, options.service().download, () -> curl(download)));
                transfers.add(new Transfer("nginx upload (PUT)", timed(() -> curl("-T", payload.toString(), nginx.url("/up/" + name))), -1));
                transfers.add(new Transfer("nginx download", timed(() -> curl(nginx.url("/payload.bin"))), -1));
            }
            Files.writeString(handoff.resolve("done"), "");
            JsonNode run = environment.awaitRun(runId, Duration.ofMinutes(2));
            print(options, transfers, idleHeap);
            System.out.println("  holding run concluded " + run.get("conclusion").asText());
        }
    }

    /** The signed URL to upload {@code name}'s bytes to: CreateArtifact, or CreateCacheEntry (the key is the name). */
    private String reserve(Service service, String results, String token, String name) throws IOException, InterruptedException {
        JsonNode created = switch (service) {
            case ARTIFACTS -> twirp(results, token, ARTIFACT_TWIRP + "CreateArtifact", artifact(token, name, Map.of("version", 4)));
            case CACHES -> twirp(results, token, CACHE_TWIRP + "CreateCacheEntry", Map.of("key", name, "version", CACHE_VERSION));
        };
        return created.get("signed_upload_url").asText();
    }

    /** The upload is complete: FinalizeArtifact, or FinalizeCacheEntryUpload. */
    private void commit(Service service, String results, String token, String name, long size, String digest)
            throws IOException, InterruptedException {
        switch (service) {
            case ARTIFACTS -> twirp(results, token, ARTIFACT_TWIRP + "FinalizeArtifact", artifact(token, name,
                    Map.of("size", Long.toString(size), "hash", "sha256:" + digest)));
            case CACHES -> twirp(results, token, CACHE_TWIRP + "FinalizeCacheEntryUpload", Map.of("key", name, "version", CACHE_VERSION,
                    "size_bytes", Long.toString(size)));
        }
    }

    /** The signed URL to download {@code name}'s bytes from: GetSignedArtifactURL, or GetCacheEntryDownloadURL (a restore). */
    private String downloadUrl(Service service, String results, String token, String name) throws IOException, InterruptedException {
        return switch (service) {
            case ARTIFACTS -> twirp(results, token, ARTIFACT_TWIRP + "GetSignedArtifactURL", artifact(token, name, Map.of()))
                    .get("signed_url").asText();
            case CACHES -> twirp(results, token, CACHE_TWIRP + "GetCacheEntryDownloadURL", Map.of("key", name, "version", CACHE_VERSION))
                    .get("signed_download_url").asText();
        };
    }

    /** An ArtifactService request body: the job's run and job (from the runtime token), the artifact's name, and {@code more}. */
    private Map<String, Object> artifact(String token, String name, Map<String, Object> more) throws IOException {
        Map<String, Object> body = new java.util.LinkedHashMap<>(Map.of("workflow_run_backend_id", claim(token, "run_id"),
                "workflow_job_run_backend_id", claim(token, "job_id"), "name", name));
        body.putAll(more);
        return body;
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
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(resultsUrl + method))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode answered = answer.statusCode() == 200 ? json.readTree(answer.body()) : null;
        // The cache service answers refusals as 200 with ok: false and a message.
        if (answered == null || (answered.has("ok") && !answered.get("ok").asBoolean())) {
            throw new IllegalStateException(method + " answered " + answer.statusCode() + ": " + answer.body());
        }
        return answered;
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
        Service service = options.service();
        System.out.printf(Locale.ROOT, "%nRatio to nginx (medians): upload %.2f, download %.2f%n",
                medians.get(service.upload) / medians.get("nginx upload (PUT)"), medians.get(service.download) / medians.get("nginx download"));
        for (String[] pair : new String[][] {{service.upload, "nginx upload (PUT)"}, {service.download, "nginx download"}}) {
            double ratio = medians.get(pair[0]) / medians.get(pair[1]);
            new Summary(service.title + ", " + options.sizeMib() + " MiB: " + pair[0], Summary.format("%.0f MiB/s", medians.get(pair[0])),
                    Summary.format("%s %.0f MiB/s", pair[1], medians.get(pair[1])), Summary.format("%.2f", ratio), "-", "-").print();
        }
        System.out.printf(Locale.ROOT, "Server heap used at rest (after a full GC) %.0f MiB; peak during Gantry transfers is above%n",
                idleHeap / (double) MIB);
    }
}
