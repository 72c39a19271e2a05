package dev.gantry.engine.hostedrunners;

/**
 * Starts and stops the machines of hosted runner pools. Each start is one ephemeral just-in-time
 * runner: it activates its JIT config, takes one job and exits, so a provider never decides which
 * job a runner takes and never reuses a machine. The local-process provider (the default) starts
 * {@code gantry runner run --jitconfig} as a child process of the server; a Kubernetes provider
 * would create one pod per start from the pool's image and size ({@link RunnerLaunch#pool()}),
 * with the JIT config in a secret, and report the pod's phase from {@link #isRunning}.
 *
 * <p>Called by one thread at a time ({@link HostedRunnerPools}' pass); implementations must not
 * block for long: {@link #start} returns once the machine is asked for, not once the runner is up,
 * and {@link #stop} asks the machine to stop (a job it is running is cancelled by the runner
 * itself) and cleans up in the background.
 */
public interface RunnerProvisioner extends AutoCloseable {
    /**
     * Starts one runner.
     *
     * @return the provider's name for the machine (a process id, a pod name), for {@link ProvisionedRunner#handle()}
     * @throws ProvisioningException when the machine could not be asked for (nothing is left running)
     */
    String start(RunnerLaunch launch);

    /** False once the runner's machine has ended (its job done, stopped, or crashed). */
    boolean isRunning(ProvisionedRunner runner);

    /** Stops the runner's machine if it still runs and frees what it held (work directory, pod); idempotent. */
    void stop(ProvisionedRunner runner);

    /** Stops every runner this provider started. */
    @Override
    void close();

    /** A provider that starts nothing: pools are kept and listed, but no runner is ever provisioned. */
    RunnerProvisioner NONE = new RunnerProvisioner() {
        @Override
        public String start(RunnerLaunch launch) {
            throw new ProvisioningException("hosted runners are not provisioned on this server (--hosted-runner-provider none)");
        }

        @Override
        public boolean isRunning(ProvisionedRunner runner) {
            return false;
        }

        @Override
        public void stop(ProvisionedRunner runner) {
        }

        @Override
        public void close() {
        }
    };

    /** A machine could not be started; the pool tries again on its next pass. */
    final class ProvisioningException extends RuntimeException {
        public ProvisioningException(String message) {
            super(message);
        }

        public ProvisioningException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
