package dev.gantry.bench.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code wrk} HTTP load generator (a separate process, so its CPU is not the server's JVM's):
 * a fixed number of keep-alive connections sending one GET as fast as answers come back.
 */
final class Wrk {
    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+([0-9]+)");

    private final int threads;
    private final int connections;
    private final int seconds;

    Wrk(int threads, int connections, int seconds) {
        this.threads = threads;
        this.connections = connections;
        this.seconds = seconds;
    }

    /** Requests per second on {@code url}, with the {@code Authorization} header when a token is given. */
    double rate(String url, Optional<String> bearer) {
        List<String> command = new ArrayList<>(List.of("wrk", "-t" + threads, "-c" + connections, "-d" + seconds + "s"));
        bearer.ifPresent(token -> command.addAll(List.of("-H", "Authorization: Bearer " + token)));
        command.add(url);
        try {
            Process wrk = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (wrk.waitFor() != 0) {
                throw new IllegalStateException("wrk failed on " + url + ":\n" + output);
            }
            Matcher failures = NON_2XX.matcher(output);
            if (failures.find()) {
                throw new IllegalStateException(failures.group(1) + " answers from " + url + " were not 2xx:\n" + output);
            }
            Matcher rate = RATE.matcher(output);
            if (!rate.find()) {
                throw new IllegalStateException("no rate in wrk's output:\n" + output);
            }
            return Double.parseDouble(rate.group(1));
        } catch (IOException e) {
            throw new UncheckedIOException("wrk is needed: apt-get install -y wrk", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
