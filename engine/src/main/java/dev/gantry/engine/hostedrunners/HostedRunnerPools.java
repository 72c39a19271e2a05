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
import java.util.Set;
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
 * <p>With several nodes on one database the work is split in two. {@link #tidy()} looks after the
 * machines this node started (they are its child processes, or its pods): every node does it on
 * every pass, and renews them in the store ({@link HostedRunnerStore#renewMachines}). {@link #provision()} decides how
 * many runners each pool still needs and starts them; it counts the machines of every node, so it
 * must be run by one node at a time (the server holds a chore lock around it), and a pool's maximum
 * then holds for the whole cluster. A node that dies takes its local runners with it: its machines
 * are no longer renewed, and after {@link #MACHINE_LEASE} the next {@link #provision()} on any node
 * removes their runners' registrations and frees their places.
 */
public final class HostedRunnerPools implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HostedRunnerPools.class);
    /**
     * A machine its node has not renewed for this long is gone with its node. Nodes renew theirs on
     * every {@link #tidy()} (every second in the server): long enough for a pass held up by a busy
     * database, short enough that a dead node's places come back within a minute.
     */
    public static final Duration MACHINE_LEASE = Duration.ofSeconds(30);

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
    /**
     * What one pass did, for logs and tests.
     *
     * @param expired machines whose node stopped renewing them (it died), forgotten and their runners removed
     */
    public record Pass(int started, int ended, int stopped, int expired) {
        public boolean didSomething() {
            return started + ended + stopped + expired > 0;
        }

        Pass plus(Pass other) {
            return new Pass(started + other.started, ended + other.ended, stopped + other.stopped, expired + other.expired);
        }
    }

    /** {@link #tidy()} then {@link #provision()}: the whole pass of a node that is alone on its database. */
    public synchronized Pass reconcile() {
        return tidy().plus(provision());
    }

    /**
     * This node's own machines: forgets those that ended, stops those of deleted pools and those idle
     * for the idle timeout. Every node does this for itself; it starts nothing.
     */
    public synchronized Pass tidy() {
        Set<Long> poolIds = pools.all().stream().map(HostedRunner::id).collect(Collectors.toSet());
        int ended = forgetEnded();
        int stopped = 0;
        Instant now = clock.instant();
        for (Long poolId : List.copyOf(running.keySet())) {
            if (!poolIds.contains(poolId)) {
                stopped += stopAll(poolId);
                continue;
            }
            List<ProvisionedRunner> active = running.get(poolId);
            // A runner waiting this long had a job to take within a second if it could take one at all: the
            // jobs still queued are ones its group may not serve (the count does not apply group access).
            for (ProvisionedRunner idle : active.stream().filter(this::waitingForJob).toList()) {
                if (!idle.startedAt().plus(idleTimeout).isAfter(now)) {
                    stop(idle);
                    active.remove(idle);
                    stopped++;
                }
            }
            if (active.isEmpty()) {
                running.remove(poolId);
            }
        }
        pools.renewMachines(running.values().stream().flatMap(List::stream).map(ProvisionedRunner::runnerId).toList(), now);
        return new Pass(0, ended, stopped, 0);
    }

    /**
     * Starts the runners the pools need, counting the machines every node started: one node at a time
     * must run this (the caller's lock), or two nodes could both fill the same free places. First
     * forgets the machines of dead nodes (and removes their runners' registrations), freeing their places.
     */
    public synchronized Pass provision() {
        Instant now = clock.instant();
        int expired = 0;
        for (long runnerId : pools.expiredMachines(now.minus(MACHINE_LEASE))) {
            runners.findById(runnerId).ifPresent(queue::removeRunner);
            pools.forgetMachine(runnerId);
            LOG.info("hosted runner pools: forgot runner {}, its node has not renewed it for {}", runnerId, MACHINE_LEASE);
            expired++;
        }
        int started = 0;
        for (HostedRunner pool : pools.all()) {
            HostedRunnerStore.Machines machines = pools.machines(pool.id());
            int queued = pools.countQueuedJobs(pool.organizationId(), pool.name());
            int wanted = Math.min(pool.maximumRunners() - machines.started(), queued - machines.waiting());
            for (int i = 0; i < wanted; i++) {
                Optional<ProvisionedRunner> runner = start(pool, now);
                if (runner.isEmpty()) {
                    break;
                }
                running.computeIfAbsent(pool.id(), id -> new ArrayList<>()).add(runner.get());
                started++;
            }
        }
        return new Pass(started, 0, 0, expired);
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
        // Counted by every node from before the machine is asked for: a node that dies in between leaves an entry that expires.
        pools.addMachine(pool.id(), registered.runner().id(), now);
        try {
            String handle = provisioner.start(new RunnerLaunch(pool, registered.runner().id(), name, jitConfigs.encode(registered)));
            ProvisionedRunner runner = new ProvisionedRunner(pool.id(), registered.runner().id(), name, handle, now);
            pools.recordActive(pool.id(), now);
            LOG.info("hosted runner pool {} (id {}): started runner {} ({})", pool.name(), pool.id(), name, runner.handle());
            return Optional.of(runner);
        } catch (RunnerProvisioner.ProvisioningException e) {
            LOG.warn("hosted runner pool {} (id {}): could not start a runner: {}", pool.name(), pool.id(), e.getMessage());
            queue.removeRunner(registered.runner());
            pools.forgetMachine(registered.runner().id());
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
                    pools.forgetMachine(runner.runnerId());
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
        pools.forgetMachine(runner.runnerId());
        LOG.info("hosted runner pool {}: stopped runner {}", runner.poolId(), runner.runnerName());
    }
}
