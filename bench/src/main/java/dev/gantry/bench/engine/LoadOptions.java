package dev.gantry.bench.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The load program's command line.
 *
 * @param url a running server to measure instead of starting one
 * @param adminToken with {@code url}: a site admin's token (the server's {@code GANTRY_ADMIN_TOKEN})
 * @param serverPid with {@code url}: the server's process id, to read its CPU time; without it no CPU figure
 * @param postgres start the server on a fresh PostgreSQL database ({@code GANTRY_TEST_DATABASE_URL}'s server) instead of SQLite
 * @param serverJavaOptions JVM options of the server this program starts (e.g. a flight recording)
 * @param libraries the distribution's libraries, {@code server/target/dist/lib}
 * @param work scratch directory: server data, runner work directories, their logs
 * @param runners how many runner processes
 * @param warmup latency runs done first and not counted (the JIT and the connection pools warm up)
 * @param runs latency runs counted
 * @param jobs throughput jobs, a multiple of {@value #LEGS_PER_RUN}
 * @param dispatches throughput shape: {@code jobs} one-job runs instead of runs of a {@value #LEGS_PER_RUN}-leg matrix
 * @param nodes server processes started on one PostgreSQL (1, or 2: dispatched through the first, runners on the second)
 */
record LoadOptions(Optional<String> url, Optional<String> adminToken, Optional<Long> serverPid, boolean postgres,
        List<String> serverJavaOptions, Path libraries,
        Path work, int runners, int warmup, int runs, int jobs, boolean dispatches, int nodes) {
    static final int LEGS_PER_RUN = 100;

    static final String USAGE = """
            usage: bench/run-engine [options]
              --runs N            dispatch-latency runs counted (default 200; 0 skips the phase)
              --warmup N          latency runs done first, not counted (default 20)
              --jobs N            throughput jobs, a multiple of 100 (default 500; 0 skips the phase)
              --dispatches        throughput as N one-job dispatches instead of 100-leg matrix runs
              --runners N         runner processes (default 4)
              --postgres          a fresh database on GANTRY_TEST_DATABASE_URL's PostgreSQL instead of SQLite
              --nodes 2           measure one node on PostgreSQL, then two nodes on one PostgreSQL (dispatch through
                                  the first, runners on the second), and compare them (implies --postgres)
              --url URL           measure a running server instead (with --admin-token; --server-pid for CPU)
              --admin-token T     that server's GANTRY_ADMIN_TOKEN
              --server-pid PID    that server's process id
              --server-java-options "OPTS"  JVM options for the server it starts, e.g. a flight recording
              --libraries DIR     Gantry's libraries (default server/target/dist/lib)
              --work DIR          scratch directory (default: a new temporary one)
            """;

    static LoadOptions parse(String[] arguments) throws java.io.IOException {
        Optional<String> url = Optional.empty();
        Optional<String> adminToken = Optional.empty();
        Optional<Long> serverPid = Optional.empty();
        boolean postgres = false;
        List<String> serverJavaOptions = List.of();
        Path libraries = Path.of("server/target/dist/lib");
        Path work = null;
        int runners = 4;
        int warmup = 20;
        int runs = 200;
        int jobs = 500;
        boolean dispatches = false;
        int nodes = 1;
        for (int i = 0; i < arguments.length; i++) {
            String name = arguments[i];
            switch (name) {
                case "--postgres" -> postgres = true;
                case "--dispatches" -> dispatches = true;
                case "--help", "-h" -> throw new IllegalArgumentException(USAGE);
                default -> {
                    if (i + 1 == arguments.length) {
                        throw new IllegalArgumentException(name + " needs a value\n" + USAGE);
                    }
                    String value = arguments[++i];
                    switch (name) {
                        case "--url" -> url = Optional.of(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
                        case "--admin-token" -> adminToken = Optional.of(value);
                        case "--server-pid" -> serverPid = Optional.of(Long.parseLong(value));
                        case "--server-java-options" -> serverJavaOptions = List.of(value.trim().split("\\s+"));
                        case "--libraries" -> libraries = Path.of(value);
                        case "--work" -> work = Path.of(value);
                        case "--runners" -> runners = Integer.parseInt(value);
                        case "--warmup" -> warmup = Integer.parseInt(value);
                        case "--runs" -> runs = Integer.parseInt(value);
                        case "--jobs" -> jobs = Integer.parseInt(value);
                        case "--nodes" -> nodes = Integer.parseInt(value);
                        default -> throw new IllegalArgumentException("unknown option " + name + "\n" + USAGE);
                    }
                }
            }
        }
        if (!dispatches && jobs % LEGS_PER_RUN != 0) {
            throw new IllegalArgumentException("--jobs must be a multiple of " + LEGS_PER_RUN + " (or give --dispatches)");
        }
        if (runners < 0) {
            throw new IllegalArgumentException("--runners must not be negative");
        }
        if (nodes != 1 && nodes != 2) {
            throw new IllegalArgumentException("--nodes must be 1 or 2");
        }
        if (nodes == 2 && url.isPresent()) {
            throw new IllegalArgumentException("--nodes 2 starts its own servers: not with --url");
        }
        return new LoadOptions(url, adminToken, serverPid, postgres || nodes == 2, serverJavaOptions, libraries,
                work != null ? work : Files.createTempDirectory("gantry-bench-"), runners, warmup, runs, jobs, dispatches, nodes);
    }

    /** The same measurement on {@code count} nodes, in its own scratch directory. */
    LoadOptions onNodes(int count) {
        return new LoadOptions(url, adminToken, serverPid, postgres, serverJavaOptions, libraries, work.resolve(count + "-node"), runners,
                warmup, runs, jobs, dispatches, count);
    }
}
