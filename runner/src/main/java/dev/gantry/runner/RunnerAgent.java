package dev.gantry.runner;

import dev.gantry.protocol.Conclusion;
import dev.gantry.protocol.HeartbeatResponse;
import dev.gantry.protocol.JobMessage;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code gantry runner run}: long-polls the server for jobs and runs them one at a time, with a
 * heartbeat beside each job that renews its lease and carries cancellation in.
 */
public final class RunnerAgent {
    private static final Duration ACQUIRE_WAIT = Duration.ofSeconds(50);
    private static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(5);

    private final RunnerClient client;
    private final URI serverUrl;
    private final JobExecutor executor;
    private final String version;
    private final Duration retryDelay;
    private final PrintWriter out;
    private volatile boolean stopping;
    private volatile CancellationSignal current;

    /**
     * @param serverUrl the server this runner registered with (its real address, for {@link LoopbackForwarder})
     * @param retryDelay how long to wait after a failed acquire before asking again
     * @param out where the agent says what it is doing (one line per job)
     */
    public RunnerAgent(RunnerClient client, URI serverUrl, JobExecutor executor, String version, Duration retryDelay, PrintWriter out) {
        this.client = client;
        this.serverUrl = serverUrl;
        this.executor = executor;
        this.version = version;
        this.retryDelay = retryDelay;
        this.out = out;
    }

    /**
     * Runs jobs until interrupted, or after one job when {@code once} (an ephemeral runner).
     *
     * @throws RunnerProtocolException when the server no longer accepts this runner's credential
     */
    public void run(boolean once) throws InterruptedException {
        say("Listening for jobs");
        while (!stopping && !Thread.currentThread().isInterrupted()) {
            Optional<JobMessage> job;
            try {
                job = client.acquire(ACQUIRE_WAIT, version);
            } catch (RunnerProtocolException e) {
                if (e.unauthorized()) {
                    throw e;
                }
                if (stopping) {
                    return;
                }
                say("Cannot get a job (" + e.getMessage() + "); trying again in " + retryDelay.toSeconds() + " s");
                Thread.sleep(retryDelay);
                continue;
            }
            if (job.isPresent()) {
                // A job claimed while stopping still runs: it is ours now, and cancelling it reports it.
                runJob(job.get());
                if (once) {
                    return;
                }
            }
        }
    }

    /** Runs one claimed job with its heartbeat; returns its conclusion. */
    public Conclusion runJob(JobMessage job) throws InterruptedException {
        say(Instant.now() + ": Running job: " + job.jobName());
        CancellationSignal cancellation = new CancellationSignal();
        current = cancellation;
        if (stopping) {
            cancellation.cancel(CancellationSignal.Reason.CANCELLED);
        }
        Duration interval = job.lease() == null || job.lease().heartbeatIntervalSeconds() <= 0
                ? DEFAULT_HEARTBEAT : Duration.ofSeconds(job.lease().heartbeatIntervalSeconds());
        Thread heartbeat = Thread.ofVirtual().name("heartbeat-" + job.jobId()).start(() -> heartbeat(job.jobId(), interval, cancellation));
        Optional<LoopbackForwarder> forwarder = Optional.empty();
        try {
            forwarder = LoopbackForwarder.forJob(URI.create(job.serverUrl()), serverUrl);
        } catch (IOException | IllegalArgumentException e) {
            say("Steps cannot reach " + job.serverUrl() + " through this machine's loopback: " + e.getMessage());
        }
        try {
            Conclusion conclusion = executor.execute(job, new HttpJobReporter(client, job.jobId(), cancellation), cancellation);
            say(Instant.now() + ": Job " + job.jobName() + " completed with result: " + conclusion.name().toLowerCase(java.util.Locale.ROOT));
            return conclusion;
        } finally {
            forwarder.ifPresent(LoopbackForwarder::close);
            current = null;
            heartbeat.interrupt();
            heartbeat.join(Duration.ofSeconds(5));
        }
    }

    /**
     * Asks {@link #run} to return: no new job is taken, and a running one is cancelled (its steps
     * stopped, its {@code always()} steps run, its conclusion reported). For a shutdown hook.
     */
    public void stop() {
        stopping = true;
        CancellationSignal job = current;
        if (job != null) {
            job.cancel(CancellationSignal.Reason.CANCELLED);
        }
    }

    private void say(String line) {
        out.println(line);
        out.flush();
    }

    /**
     * Heartbeats until interrupted. The server may hold a heartbeat open and answer it the moment
     * the job is cancelled, so the next one goes out as soon as the interval since the last began.
     */
    private void heartbeat(long jobId, Duration interval, CancellationSignal cancellation) {
        while (!Thread.currentThread().isInterrupted()) {
            Instant started = Instant.now();
            try {
                HeartbeatResponse response = client.heartbeat(jobId);
                if (response.cancelRequested()) {
                    cancellation.cancel(CancellationSignal.Reason.CANCELLED);
                }
            } catch (RunnerProtocolException e) {
                if (e.leaseLost()) {
                    say("The server no longer considers job " + jobId + " this runner's; stopping it");
                    cancellation.cancel(CancellationSignal.Reason.LEASE_LOST);
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
            Duration left = interval.minus(Duration.between(started, Instant.now()));
            if (!left.isNegative()) {
                try {
                    Thread.sleep(left);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }
}
