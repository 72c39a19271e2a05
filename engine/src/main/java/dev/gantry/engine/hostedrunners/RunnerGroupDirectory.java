package dev.gantry.engine.hostedrunners;

/** Whether an organization has a runner group; a pool's {@code runner_group_id} must name one. */
@FunctionalInterface
public interface RunnerGroupDirectory {
    boolean exists(long organizationId, long runnerGroupId);
}
