package dev.gantry.bench.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Start-up to first answer and idle memory of {@code gantry server} on SQLite, each start on a
 * new data directory (so it includes creating the database and applying every migration), against
 * {@link IdleJvm}, a bare JVM answering HTTP, started alternately with it on the same JDK.
 * Start-up is from the process's launch to the first {@code GET /meta} answer; idle memory is
 * {@code VmRSS} after the process has sat idle for a while. Like {@code ./gantry server}, the server
 * maps the class archive its build recorded ({@code gantry-server.jsa} beside the libraries) when
 * there is one.
 */
public final class StartupFootprint {
    private static final Duration IDLE = Duration.ofSeconds(10);
    private static final long START_AIM_MILLIS = 2000;
    private static final long RSS_AIM = 200L << 20;

    private StartupFootprint() {}

    public static void main(String[] arguments) throws Exception {
        int rounds = 3;
        Path libraries = Path.of("server/target/dist/lib");
        for (int i = 0; i + 1 < arguments.length; i += 2) {
            switch (arguments[i]) {
                case "--rounds" -> rounds = Integer.parseInt(arguments[i + 1]);
                case "--libraries" -> libraries = Path.of(arguments[i + 1]);
                default -> {
                    System.err.println("usage: StartupFootprint [--rounds N] [--libraries DIR]");
                    System.exit(2);
                }
            }
        }
        Path work = Files.createTempDirectory("gantry-startup-bench-");
        // What ./gantry server adds when its build recorded the class archive (bin/class-archive.sh):
        // an AOT cache on JDK 25 and newer, a CDS archive before. The server runs on this program's JDK.
        boolean aot = Runtime.version().feature() >= 25;
        Path archive = libraries.toAbsolutePath().getParent().resolve(aot ? "gantry-server.aot" : "gantry-server.jsa");
        List<String> archiveOptions = !Files.isRegularFile(archive) ? List.of()
                : aot ? List.of("-XX:AOTCache=" + archive, "-Xlog:aot=off", "-Xlog:cds=off")
                : List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
        String how = archiveOptions.isEmpty() ? "no class archive" : aot ? "AOT cache" : "CDS archive";
        System.out.printf("Start-up and idle RSS, %d rounds, SQLite, %s; %s; scratch in %s%n", rounds, how, Machine.describe(), work);
        List<long[]> gantry = new ArrayList<>();
        List<long[]> reference = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            reference.add(measure(work.resolve("jvm-" + round), List.of("-cp", Path.of("bench/target/benchmarks.jar").toAbsolutePath().toString(),
                    IdleJvm.class.getName()), Map.of()));
            Path data = work.resolve("gantry-" + round);
            List<String> server = new ArrayList<>(archiveOptions);
            server.addAll(List.of("-cp", libraries.toAbsolutePath() + "/*", "dev.gantry.server.Main", "server", "--data-dir",
                    data.resolve("data").toString()));
            gantry.add(measure(data, server, Map.of("GANTRY_ADMIN_TOKEN", LoadEnvironment.ADMIN_TOKEN)));
            System.out.printf(Locale.ROOT, "  round %d: Gantry %d ms, %s; bare JVM %d ms, %s (load %s)%n", round, gantry.getLast()[0],
                    Summary.mib(gantry.getLast()[1]), reference.getLast()[0], Summary.mib(reference.getLast()[1]), Machine.loadAverage());
        }
        long start = median(gantry, 0);
        long rss = median(gantry, 1);
        long referenceStart = median(reference, 0);
        long referenceRss = median(reference, 1);
        // Each round's pair ran back to back, so its ratio is the least disturbed by the machine's changing load.
        double startRatio = medianRatio(gantry, reference, 0);
        double rssRatio = medianRatio(gantry, reference, 1);
        System.out.printf(Locale.ROOT, "%nmedian of %d: Gantry start %d ms (bare JVM %d ms, ratio %.1f); idle RSS %s (bare JVM %s, ratio %.1f)%n",
                rounds, start, referenceStart, startRatio, Summary.mib(rss), Summary.mib(referenceRss), rssRatio);
        new Summary("Start-up to first answer (SQLite, new data dir, " + how + ")", start + " ms", "bare JVM HTTP server " + referenceStart + " ms",
                Summary.format("%.1f", startRatio), "< 2 s",
                Summary.verdict(start < START_AIM_MILLIS, start + " ms")).print();
        new Summary("Idle RSS after " + IDLE.toSeconds() + " s (SQLite)", Summary.mib(rss), "bare JVM HTTP server " + Summary.mib(referenceRss),
                Summary.format("%.1f", rssRatio), "< 200 MiB", Summary.verdict(rss < RSS_AIM, Summary.mib(rss))).print();
    }

    /** Starts {@code java arguments...}, returns {milliseconds to the first answer, idle RSS bytes}, stops it. */
    private static long[] measure(Path directory, List<String> arguments, Map<String, String> environment) throws IOException {
        Files.createDirectories(directory);
        int port = GantryProcess.freePort();
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
        command.addAll(arguments);
        boolean gantry = arguments.contains("server");
        if (gantry) {
            command.addAll(List.of("--port", Integer.toString(port)));
        } else {
            command.add(Integer.toString(port));
        }
        long started = System.nanoTime();
        try (GantryProcess process = GantryProcess.launch(command, environment, directory.resolve("out.log"))) {
            process.awaitHttp("http://127.0.0.1:" + port, Duration.ofSeconds(60));
            long millis = (System.nanoTime() - started) / 1_000_000;
            GantryProcess.sleep(IDLE);
            return new long[] {millis, Machine.rss(process.pid()).orElseThrow()};
        }
    }

    private static double medianRatio(List<long[]> samples, List<long[]> references, int index) {
        double[] ratios = new double[samples.size()];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = (double) samples.get(i)[index] / references.get(i)[index];
        }
        return ApiReads.median(ratios);
    }

    private static long median(List<long[]> samples, int index) {
        long[] values = samples.stream().mapToLong(sample -> sample[index]).sorted().toArray();
        return values[values.length / 2];
    }
}
