package dev.gantry.bench.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The run engine under load, end to end: a real server process, real {@code gantry runner}
 * processes, workflows pushed with git and started through GitHub's dispatch API. Two phases:
 *
 * <ul>
 *   <li><b>Dispatch latency</b>: one run at a time on idle runners, from just before
 *       {@code POST …/dispatches} to the moment the runner starts the job's first step. That
 *       moment is read from the job's log, whose lines the runner stamps with its own clock
 *       (GitHub's format, 100 ns digits, microsecond clock): the same system clock as this
 *       program's on one machine. The REST API's step {@code started_at} is cut to whole
 *       seconds, as GitHub's is, too coarse for this.</li>
 *   <li><b>Throughput</b>: many trivial jobs at once on all runners; jobs per second over the
 *       wall time from the first dispatch to the last run seen completed, and the server JVM's
 *       CPU time over the same span divided by the jobs.</li>
 * </ul>
 */
public final class RunEngineLoad {
    private static final String LATENCY_WORKFLOW = "latency.yml";
    private static final String MATRIX_WORKFLOW = "matrix.yml";
    private static final String SINGLE_WORKFLOW = "single.yml";
    private static final String FIRST_STEP_LINE = "##[group]Run true";
    /** Time for a runner that finished a job to be long-polling again before the next latency run. */
    private static final Duration SETTLE = Duration.ofMillis(200);
    private static final Duration IDLE_SAMPLE = Duration.ofSeconds(10);
    private static final Duration THROUGHPUT_POLL = Duration.ofMillis(250);

    private RunEngineLoad() {}

    public static void main(String[] arguments) throws Exception {
        LoadOptions options;
        try {
            options = LoadOptions.parse(arguments);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        System.out.printf("Gantry run engine load: %d runners, %s, JDK %s, %d cores; scratch in %s%n", options.runners(),
                options.url().orElse(options.nodes() == 2 ? "one new server, then two, on PostgreSQL"
                        : options.postgres() ? "new server on PostgreSQL" : "new server on SQLite"),
                Runtime.version(), Runtime.getRuntime().availableProcessors(), options.work());
        if (options.nodes() == 1) {
            Figures figures = measure(options);
            figures.firstStep().ifPresent(firstStep -> new Summary("Dispatch latency to the first step (SQLite unless --postgres)",
                    latencyFigure(firstStep), "none yet", "-", "median < 50 ms",
                    Summary.verdict(firstStep.median().toMillis() < 50,
                            millis(firstStep.median()) + " ms (runner reports steps synchronously, see below)")).print());
            figures.throughput().ifPresent(RunEngineLoad::printThroughputSummary);
            return;
        }
        // The same measurement on one node and then on two, one after the other in this run, so the
        // comparison is made at (nearly) the same machine load.
        System.out.printf("%n== one node on PostgreSQL%n");
        Figures one = measure(options.onNodes(1));
        System.out.printf("%n== two nodes on one PostgreSQL: dispatched through node A, runners on node B%n");
        Figures two = measure(options.onNodes(2));
        if (one.firstStep().isPresent() && two.firstStep().isPresent()) {
            Distribution oneNode = one.firstStep().get();
            Distribution twoNodes = two.firstStep().get();
            new Summary("Dispatch latency to the first step, 2 nodes on PostgreSQL (dispatch on A, runner on B)", latencyFigure(twoNodes),
                    "1 node on PostgreSQL: " + latencyFigure(oneNode),
                    Summary.format("%.2f", (double) twoNodes.median().toNanos() / oneNode.median().toNanos()), "median < 50 ms",
                    Summary.verdict(twoNodes.median().toMillis() < 50, millis(twoNodes.median()) + " ms")).print();
        }
        if (one.throughput().isPresent() && two.throughput().isPresent()) {
            Throughput oneNode = one.throughput().get();
            Throughput twoNodes = two.throughput().get();
            new Summary("Throughput, " + twoNodes.jobs() + " trivial jobs, 2 nodes on PostgreSQL (dispatch on A, runners on B)",
                    throughputFigure(twoNodes) + " (both nodes)", "1 node on PostgreSQL: " + throughputFigure(oneNode),
                    Summary.format("%.2f", twoNodes.jobsPerSecond() / oneNode.jobsPerSecond()), "-", "-").print();
        }
    }

    /** What one measurement gave: each phase unless it was skipped. */
    record Figures(Optional<Distribution> firstStep, Optional<Throughput> throughput) {}

    private static Figures measure(LoadOptions options) throws java.io.IOException {
        try (LoadEnvironment environment = LoadEnvironment.open(options, workflows())) {
            Optional<Distribution> firstStep = Optional.empty();
            Optional<Throughput> throughput = Optional.empty();
            if (options.runs() > 0) {
                String loadBefore = Machine.loadAverage();
                List<LatencySample> samples = measureLatency(environment, options);
                firstStep = Optional.of(printLatency(samples));
                System.out.printf("  machine load average before / after: %s / %s%n", loadBefore, Machine.loadAverage());
            }
            if (options.jobs() > 0) {
                String loadBefore = Machine.loadAverage();
                throughput = Optional.of(measureThroughput(environment, options));
                printThroughput(throughput.get());
                System.out.printf("  machine load average before / after: %s / %s%n", loadBefore, Machine.loadAverage());
            }
            return new Figures(firstStep, throughput);
        }
    }

    private static String latencyFigure(Distribution firstStep) {
        return "median " + millis(firstStep.median()) + " ms, p99 " + millis(firstStep.percentile(99)) + " ms";
    }

    private static String throughputFigure(Throughput result) {
        return Summary.format("%.1f jobs/s, server CPU %.1f ms/job", result.jobsPerSecond(), result.serverCpuPerJob());
    }

    private static Map<String, String> workflows() {
        String matrix = IntStream.rangeClosed(1, LoadOptions.LEGS_PER_RUN).mapToObj(Integer::toString).collect(Collectors.joining(", "));
        return Map.of(
                LATENCY_WORKFLOW, oneStepWorkflow("Latency", ""),
                SINGLE_WORKFLOW, oneStepWorkflow("Single", ""),
                MATRIX_WORKFLOW, oneStepWorkflow("Matrix", """
                            strategy:
                              matrix:
                                leg: [%s]
                        """.formatted(matrix)));
    }

    private static String oneStepWorkflow(String name, String strategy) {
        return """
                name: %s
                on: workflow_dispatch
                jobs:
                  trivial:
                    runs-on: self-hosted
                %s    steps:
                      - run: "true"
                """.formatted(name, strategy);
    }

    /** One latency sample, each measured from the instant just before the dispatch request left. */
    record LatencySample(Duration dispatchCall, Duration toSetUp, Duration toFirstStep) {}

    private static List<LatencySample> measureLatency(LoadEnvironment environment, LoadOptions options) {
        List<LatencySample> samples = new ArrayList<>();
        for (int i = 0; i < options.warmup() + options.runs(); i++) {
            GantryProcess.sleep(SETTLE);
            Instant dispatched = Instant.now();
            long callStarted = System.nanoTime();
            long runId = environment.dispatch(LATENCY_WORKFLOW);
            Duration call = Duration.ofNanos(System.nanoTime() - callStarted);
            JsonNode run = environment.awaitRun(runId, Duration.ofSeconds(60));
            if (!run.get("conclusion").asText().equals("success")) {
                throw new IllegalStateException("run " + runId + " concluded " + run.get("conclusion") + "; a runner said:\n"
                        + environment.runnerOutput());
            }
            String log = environment.jobLog(environment.jobs(runId).get(0).get("id").asLong());
            if (i >= options.warmup()) {
                samples.add(new LatencySample(call, Duration.between(dispatched, stampOf(log.lines().findFirst(), log)),
                        Duration.between(dispatched, stampOf(log.lines().filter(line -> line.endsWith(FIRST_STEP_LINE)).findFirst(), log))));
            }
        }
        return samples;
    }

    /** The runner's time stamp of a log line: {@code 2026-01-02T03:04:05.1234567Z text}. */
    private static Instant stampOf(Optional<String> line, String log) {
        String found = line.orElseThrow(() -> new IllegalStateException("no such line in the job log:\n" + log));
        return Instant.parse(found.substring(0, found.indexOf(' ')));
    }

    private static Distribution printLatency(List<LatencySample> samples) {
        System.out.printf("%nDispatch latency, %d runs one at a time on idle runners (ms)%n", samples.size());
        System.out.printf("%-44s %8s %8s %8s %8s %8s %8s%n", "from POST …/dispatches to", "min", "median", "mean", "p90", "p99", "max");
        printRow("its 200 answer (run and jobs created)", Distribution.of(samples.stream().map(LatencySample::dispatchCall).toList()));
        printRow("job's first log line (Set up job begins)", Distribution.of(samples.stream().map(LatencySample::toSetUp).toList()));
        Distribution firstStep = Distribution.of(samples.stream().map(LatencySample::toFirstStep).toList());
        printRow("first step begins (its first log line)", firstStep);
        return firstStep;
    }

    private static void printRow(String name, Distribution distribution) {
        System.out.printf("%-44s %8s %8s %8s %8s %8s %8s%n", name, millis(distribution.min()), millis(distribution.median()),
                millis(distribution.mean()), millis(distribution.percentile(90)), millis(distribution.percentile(99)),
                millis(distribution.max()));
    }

    private static String millis(Duration duration) {
        return String.format(Locale.ROOT, "%.1f", duration.toNanos() / 1e6);
    }

    record Throughput(int jobs, String shape, Duration wall, Optional<Duration> serverCpu, Optional<Duration> idleServerCpu,
            Duration runnerCpu) {
        double jobsPerSecond() {
            return jobs / (wall.toNanos() / 1e9);
        }

        double serverCpuPerJob() {
            return serverCpu.map(cpu -> (double) cpu.toMillis() / jobs).orElse(Double.NaN);
        }

        double runnerCpuPerJob() {
            return (double) runnerCpu.toMillis() / jobs;
        }
    }

    private static Throughput measureThroughput(LoadEnvironment environment, LoadOptions options) {
        // What the server burns with nothing to do (runners long-polling, its own timers), over the
        // same kind of window, so the per-job figure can be read net of it.
        Optional<Duration> idleBefore = environment.serverCpu();
        GantryProcess.sleep(IDLE_SAMPLE);
        Optional<Duration> idleCpu = environment.serverCpu().flatMap(after -> idleBefore.map(after::minus));

        String workflow = options.dispatches() ? SINGLE_WORKFLOW : MATRIX_WORKFLOW;
        int runs = options.dispatches() ? options.jobs() : options.jobs() / LoadOptions.LEGS_PER_RUN;
        Optional<Duration> cpuBefore = environment.serverCpu();
        Duration runnerCpuBefore = environment.runnerCpu();
        long started = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            environment.dispatch(workflow);
        }
        Instant deadline = Instant.now().plus(Duration.ofMinutes(30));
        while (environment.runCount(workflow, "completed") < runs) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the throughput runs did not complete within 30 minutes; a runner said:\n"
                        + environment.runnerOutput());
            }
            // Each look lists a run (its commit read from git): ~4 ms of server CPU, so not too often;
            // the wall time is then late by up to this much.
            GantryProcess.sleep(THROUGHPUT_POLL);
        }
        Duration wall = Duration.ofNanos(System.nanoTime() - started);
        Optional<Duration> serverCpu = environment.serverCpu().flatMap(after -> cpuBefore.map(after::minus));
        Duration runnerCpu = environment.runnerCpu().minus(runnerCpuBefore);
        int succeeded = environment.runCount(workflow, "success");
        if (succeeded != runs) {
            throw new IllegalStateException((runs - succeeded) + " of " + runs + " throughput runs did not succeed");
        }
        return new Throughput(options.jobs(), options.dispatches() ? runs + " one-job dispatches"
                : runs + " dispatches of a " + LoadOptions.LEGS_PER_RUN + "-leg matrix", wall, serverCpu,
                idleCpu.map(cpu -> cpu.multipliedBy(wall.toMillis()).dividedBy(IDLE_SAMPLE.toMillis())), runnerCpu);
    }

    private static void printThroughput(Throughput result) {
        double seconds = result.wall().toNanos() / 1e9;
        System.out.printf("%nThroughput: %d trivial jobs (%s)%n", result.jobs(), result.shape());
        System.out.printf("  wall time, first dispatch to last run completed  %.2f s%n", seconds);
        System.out.printf("  jobs per second                                  %.1f%n", result.jobs() / seconds);
        result.serverCpu().ifPresentOrElse(cpu -> {
            System.out.printf("  server CPU time                                  %.2f s%n", cpu.toMillis() / 1e3);
            System.out.printf("  server CPU per job                               %.2f ms%n", (double) cpu.toMillis() / result.jobs());
            result.idleServerCpu().ifPresent(idle -> System.out.printf(
                    "  of which idle (10 s idle sample, scaled)         %.2f ms/job%n", (double) idle.toMillis() / result.jobs()));
        }, () -> System.out.println("  server CPU                                       unknown (give --server-pid)"));
        System.out.printf("  runner JVMs' CPU per job (not step processes)    %.2f ms%n", result.runnerCpuPerJob());
    }

    private static void printThroughputSummary(Throughput result) {
        double perJob = result.serverCpuPerJob();
        new Summary("Throughput, " + result.jobs() + " trivial jobs (" + result.shape() + ")", throughputFigure(result),
                Summary.format("runner JVMs' CPU %.1f ms/job", result.runnerCpuPerJob()),
                Summary.format("%.2f", perJob / result.runnerCpuPerJob()), "server CPU < 5 ms/job",
                Summary.verdict(perJob < 5, Summary.format("%.0f ms/job (see Where the server's CPU goes)", perJob))).print();
    }
}
