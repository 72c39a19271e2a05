package dev.gantry.store;

import dev.gantry.engine.hostedrunners.ProvisionedRunner;
import dev.gantry.engine.hostedrunners.RunnerLaunch;
import dev.gantry.engine.hostedrunners.RunnerProvisioner;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A provider whose machines are entries in a list: tests end them ({@link #end}) as a runner process would exit. */
final class TestingRunnerProvisioner implements RunnerProvisioner {
    final List<RunnerLaunch> launches = new ArrayList<>();
    final List<Long> stopped = new ArrayList<>();
    private final Set<Long> running = new HashSet<>();
    private boolean failNext;

    /** The next start fails, as when the machine cannot be had. */
    void failNextStart() {
        failNext = true;
    }

    /** The runner's machine ends, its job done (or crashed). */
    void end(long runnerId) {
        running.remove(runnerId);
    }

    @Override
    public String start(RunnerLaunch launch) {
        if (failNext) {
            failNext = false;
            throw new ProvisioningException("no machine");
        }
        launches.add(launch);
        running.add(launch.runnerId());
        return "machine-" + launch.runnerId();
    }

    @Override
    public boolean isRunning(ProvisionedRunner runner) {
        return running.contains(runner.runnerId());
    }

    @Override
    public void stop(ProvisionedRunner runner) {
        if (running.remove(runner.runnerId())) {
            stopped.add(runner.runnerId());
        }
    }

    @Override
    public void close() {
        running.clear();
    }
}
