package dev.gantry.bench.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many idle runners on one server: {@code N} runners registered through the runner protocol
 * ({@code POST /_gantry/runner/v1/register}), each then holding an {@code acquire} long-poll
 * ({@code wait_seconds} 50, asked again at once when it ends, as {@code gantry runner run} does),
 * all from this one process on virtual threads rather than N runner JVMs. The figure is the
 * server's resident memory ({@code VmRSS}) while they wait, against the same server's idle RSS
 * before the long-polls began (the reference, same process, same run).
 */
public final class IdleRunners {
    private static final String PROTOCOL = "/_gantry/runner/v1";
    private static final long AIM = 512L << 20;

    private final ObjectMapper json = new ObjectMapper();

    private IdleRunners() {}

    public static void main(String[] arguments) throws Exception {
        int runners = 2000;
        Duration hold = Duration.ofSeconds(60);
        Path work = null;
        for (int i = 0; i + 1 < arguments.length; i += 2) {
            switch (arguments[i]) {
                case "--runners" -> runners = Integer.parseInt(arguments[i + 1]);
                case "--hold-seconds" -> hold = Duration.ofSeconds(Long.parseLong(arguments[i + 1]));
                case "--work" -> work = Path.of(arguments[i + 1]);
                default -> {
                    System.err.println("usage: bench/run-idle-runners [--runners N (2000)] [--hold-seconds S (60)] [--work DIR]");
                    System.exit(2);
                }
            }
        }
        new IdleRunners().run(runners, hold, work != null ? work : Files.createTempDirectory("gantry-idle-runners-"));
    }

    private void run(int count, Duration hold, Path work) throws Exception {
        System.out.printf("Idle runners: %d long-polling runners on one server (SQLite); %s; scratch in %s%n", count, Machine.describe(), work);
        LoadOptions load = LoadOptions.parse(new String[] {"--runners", "0", "--work", work.toString()});
        try (LoadEnvironment environment = LoadEnvironment.open(load, Map.of());
                ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            long pid = environment.serverPid().orElseThrow();
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(threads)
                    .connectTimeout(Duration.ofSeconds(30)).build();
            String registration = environment.owner().post("/repos/" + environment.repository() + "/actions/runners/registration-token")
                    .requireStatus(201).json().get("token").asText();
            // Registered a few at a time: registration is not what is measured.
            List<String> credentials = new ArrayList<>();
            try (ExecutorService registrars = Executors.newFixedThreadPool(4)) {
                List<Future<String>> registered = new ArrayList<>();
                for (int i = 1; i <= count; i++) {
                    String name = "idle-" + i;
                    registered.add(registrars.submit(() -> register(http, environment.baseUrl(), registration, name)));
                }
                for (Future<String> each : registered) {
                    credentials.add(each.get());
                }
            }
            GantryProcess.sleep(Duration.ofSeconds(10));
            long idle = Machine.rss(pid).orElseThrow();
            System.out.printf("  %d runners registered; server RSS at rest %s%n", count, Summary.mib(idle));

            AtomicInteger waiting = new AtomicInteger();
            AtomicInteger polls = new AtomicInteger();
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            long cpuBefore = environment.serverCpu().orElseThrow().toMillis();
            for (String credential : credentials) {
                threads.submit(() -> longPoll(http, environment.baseUrl(), credential, waiting, polls, failures));
            }
            long peak = 0;
            long last = 0;
            long deadline = System.nanoTime() + hold.toNanos();
            while (System.nanoTime() < deadline && failures.isEmpty()) {
                GantryProcess.sleep(Duration.ofSeconds(1));
                last = Machine.rss(pid).orElseThrow();
                peak = Math.max(peak, last);
            }
            long cpu = environment.serverCpu().orElseThrow().toMillis() - cpuBefore;
            if (!failures.isEmpty()) {
                throw new IllegalStateException(failures.size() + " long-polls failed, the first: " + failures.peek());
            }
            System.out.printf(Locale.ROOT, "  %d of %d long-polls in flight at the end (%d asked in all); server RSS at the end %s, peak %s;"
                    + " server CPU while holding them %.1f s over %d s%n", waiting.get(), count, polls.get(), Summary.mib(last),
                    Summary.mib(peak), cpu / 1e3, hold.toSeconds());
            System.out.printf(Locale.ROOT, "  per waiting runner: %.0f KiB above rest%n", (peak - idle) / 1024.0 / count);
            new Summary(count + " idle long-polling runners: server RSS (peak)", Summary.mib(peak), "same server at rest " + Summary.mib(idle),
                    Summary.format("%.2f", (double) peak / idle), "< 512 MiB", Summary.verdict(peak < AIM, Summary.mib(peak))).print();
            threads.shutdownNow();
        }
    }

    private String register(HttpClient http, String baseUrl, String registrationToken, String name) throws IOException, InterruptedException {
        String body = json.writeValueAsString(Map.of("registration_token", registrationToken, "name", name, "labels", List.of(),
                "os", "Linux", "arch", "X64", "version", "bench", "ephemeral", false));
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(baseUrl + PROTOCOL + "/register"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() / 100 != 2) {
            throw new IllegalStateException("register answered " + answer.statusCode() + ": " + answer.body());
        }
        return json.readTree(answer.body()).get("credential").asText();
    }

    /** What {@code gantry runner run} does while there is no job: acquire, and on 204 acquire again. */
    private static void longPoll(HttpClient http, String baseUrl, String credential, AtomicInteger waiting, AtomicInteger polls,
            ConcurrentLinkedQueue<String> failures) {
        HttpRequest acquire = HttpRequest.newBuilder(URI.create(baseUrl + PROTOCOL + "/acquire")).timeout(Duration.ofSeconds(120))
                .header("Authorization", "Bearer " + credential).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"wait_seconds\":50}")).build();
        while (!Thread.currentThread().isInterrupted()) {
            waiting.incrementAndGet();
            polls.incrementAndGet();
            try {
                HttpResponse<String> answer = http.send(acquire, HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() != 204) {
                    failures.add("acquire answered " + answer.statusCode() + ": " + answer.body());
                    return;
                }
            } catch (IOException e) {
                failures.add(e.toString());
                return;
            } catch (InterruptedException e) {
                return;
            } finally {
                waiting.decrementAndGet();
            }
        }
    }
}
