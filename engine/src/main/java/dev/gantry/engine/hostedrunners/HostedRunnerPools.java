package dev.gantry.engine.hostedrunners;

import dev.gantry.engine.GantryException;
import dev.gantry.engine.queue.JobQueue;
import dev.gantry.engine.runners.RegisteredRunner;
import dev.gantry.engine.runners.Runner;
import dev.gantry.engine.runners.Runners;
import dev.gantry.engine.scope.ActionsScope;
import dev.gantry.engine.token.Secrets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pool controller: on each {@link #reconcile()} pass it brings every pool's runners in line
 * with its queue. A pool with jobs waiting for it ({@code runs-on: <pool name>}) gets one runner per
 * job not already covered by a runner that has yet to take one, up to {@code maximum_runners}
 * running at once. Each runner is an ephemeral JIT runner of the pool's organization and runner
 * group labelled with the pool's name: it takes one job and leaves, so an idle pool drains to zero
 * by itself. Runners that never got a job (their job was cancelled or taken by another runner, or
 * the queued jobs are of repositories the pool's runner group does not serve) are stopped once idle
 * for {@code idleTimeout}; runners of a deleted pool are stopped at once.
 *
 * <p>What runs is kept in memory, per server node: with several nodes, each runs its own controller
 * over the same pools, and a pool's maximum holds per node. Runners this node started before a
 * restart are gone with it (they were its child processes) and their registrations stay behind as
 * offline runners, which an administrator removes; a provider whose machines outlive the server
 * (pods) would list them back on start.
 */
public final class HostedRunnerPools implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HostedRunnerPools.class);

    private final HostedRunnerStore pools;
    private final Runners runners;
    private final JobQueue queue;
    private final RunnerProvisioner provisioner;
    private final JitConfigEncoder jitConfigs;
    private final Clock clock;
    private final Duration idleTimeout;
    private final Secrets secrets = new Secrets();
    /** The runners this node started and that have not been seen to end, by pool id. */
    private final Map<Long, List<ProvisionedRunner>> running = new HashMap<>();

    public HostedRunnerPools(HostedRunnerStore pools, Runners runners, JobQueue queue, RunnerProvisioner provisioner,
            JitConfigEncoder jitConfigs, Clock clock, Duration idleTimeout) {
        this.pools = Objects.requireNonNull(pools, "pools");
        this.runners = Objects.requireNonNull(runners, "runners");
        this.queue = Objects.requireNonNull(queue, "queue");
        this.provisioner = Objects.requireNonNull(provisioner, "provisioner");
        this.jitConfigs = Objects.requireNonNull(jitConfigs, "jitConfigs");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.idleTimeout = Objects.requireNonNull(idleTimeout, "idleTimeout");
    }

    /** What one pass did, for logs and tests. */
    public record Pass(int started, int ended, int stopped) {
        public boolean didSomething() {
            return started + ended + stopped > 0;
        }
    }

    /** One pass over every pool. Passes never overlap. */
    public synchronized Pass reconcile() {
        Map<Long, HostedRunner> byId = pools.all().stream().collect(Collectors.toMap(HostedRunner::id, Function.identity()));
        int ended = forgetEnded();
        int stopped = 0;
        for (Long poolId : List.copyOf(running.keySet())) {
            if (!byId.containsKey(poolId)) {
                stopped += stopAll(poolId);
            }
        }
        int started = 0;
        Instant now = clock.instant();
        for (HostedRunner pool : byId.values()) {
            List<ProvisionedRunner> active = running.computeIfAbsent(pool.id(), id -> new ArrayList<>());
            int queued = pools.countQueuedJobs(pool.organizationId(), pool.name());
            List<ProvisionedRunner> waiting = active.stream().filter(this::waitingForJob).toList();
            int wanted = Math.min(pool.maximumRunners() - active.size(), queued - waiting.size());
            for (int i = 0; i < wanted; i++) {
                Optional<ProvisionedRunner> runner = start(pool, now);
                if (runner.isEmpty()) {
                    break;
                }
                active.add(runner.get());
                started++;
            }
            // A runner waiting this long had a job to take within a second if it could take one at all: the
            // jobs still queued are ones its group may not serve (the count does not apply group access).
            for (ProvisionedRunner idle : waiting) {
                if (!idle.startedAt().plus(idleTimeout).isAfter(now)) {
                    stop(idle);
                    active.remove(idle);
                    stopped++;
                }
            }
            if (active.isEmpty()) {
                running.remove(pool.id());
            }
        }
        return new Pass(started, ended, stopped);
    }

    /** How many runners of the pool this node has running. */
    public synchronized int runningFor(long poolId) {
        return running.getOrDefault(poolId, List.of()).size();
    }

    /** Stops every runner this node started (at shutdown). */
    @Override
    public synchronized void close() {
        for (Long poolId : List.copyOf(running.keySet())) {
            stopAll(poolId);
        }
        provisioner.close();
    }

    private Optional<ProvisionedRunner> start(HostedRunner pool, Instant now) {
        // The pool's name is the label jobs ask for; the suffix keeps runner names unique in the organization.
        String name = pool.name() + "-" + secrets.random(Secrets.ALPHANUMERIC, 8).toLowerCase(Locale.ROOT);
        RegisteredRunner registered;
        try {
            registered = runners.generateJit(ActionsScope.organization(pool.organizationId()), name, pool.runnerGroupId(),
                    List.of(pool.name()));
        } catch (GantryException e) {
            // Its runner group was deleted under it, say: this pool waits, the others go on.
            LOG.warn("hosted runner pool {} (id {}): cannot register a runner: {}", pool.name(), pool.id(), e.getMessage());
            return Optional.empty();
        }
        try {
            String handle = provisioner.start(new RunnerLaunch(pool, registered.runner().id(), name, jitConfigs.encode(registered)));
            ProvisionedRunner runner = new ProvisionedRunner(pool.id(), registered.runner().id(), name, handle, now);
            pools.recordActive(pool.id(), now);
            LOG.info("hosted runner pool {} (id {}): started runner {} ({})", pool.name(), pool.id(), name, runner.handle());
            return Optional.of(runner);
        } catch (RunnerProvisioner.ProvisioningException e) {
            LOG.warn("hosted runner pool {} (id {}): could not start a runner: {}", pool.name(), pool.id(), e.getMessage());
            queue.removeRunner(registered.runner());
            return Optional.empty();
        }
    }

    /** Started, registered, and not (yet) on a job: it will take the next one queued for the pool. */
    private boolean waitingForJob(ProvisionedRunner runner) {
        return runners.findById(runner.runnerId()).map(found -> !found.busy()).orElse(false);
    }

    private int forgetEnded() {
        int ended = 0;
        for (List<ProvisionedRunner> active : running.values()) {
            for (ProvisionedRunner runner : List.copyOf(active)) {
                if (!provisioner.isRunning(runner)) {
                    // Its job done, the engine removed it; one that died before that must not linger as offline.
                    runners.findById(runner.runnerId()).ifPresent(queue::removeRunner);
                    provisioner.stop(runner);
                    active.remove(runner);
                    ended++;
                }
            }
        }
        return ended;
    }

    private int stopAll(long poolId) {
        List<ProvisionedRunner> active = running.remove(poolId);
        if (active == null) {
            return 0;
        }
        active.forEach(this::stop);
        return active.size();
    }

    private void stop(ProvisionedRunner runner) {
        Optional<Runner> registered = runners.findById(runner.runnerId());
        registered.ifPresent(queue::removeRunner);
        provisioner.stop(runner);
        LOG.info("hosted runner pool {}: stopped runner {}", runner.poolId(), runner.runnerName());
    }
}
