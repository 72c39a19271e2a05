package dev.gantry.engine.hostedrunners;

import dev.gantry.engine.store.Page;
import dev.gantry.engine.store.PageRequest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Hosted runner pools per organization, and the custom images an organization deleted. Names are unique per organization, ignoring case. */
public interface HostedRunnerStore {
    /** @return empty, storing nothing, when the organization has a pool of that name */
    Optional<HostedRunner> create(NewHostedRunner pool);

    Optional<HostedRunner> find(long organizationId, long id);

    /** The organization's pools by id. */
    Page<HostedRunner> list(long organizationId, PageRequest page);

    /** The organization's pools in one runner group, by id. */
    Page<HostedRunner> listInGroup(long organizationId, long runnerGroupId, PageRequest page);

    /** Every pool of every organization, by id: what the pool controller looks after. */
    List<HostedRunner> all();

    /** Replaces a pool's settings (not its creation or last-active time). */
    Update update(HostedRunner changed);

    enum Update { DONE, MISSING, NAME_TAKEN }

    /** @return false if there was none */
    boolean delete(long organizationId, long id);

    /** How many of the organization's pools have a static public IP. */
    int countPublicIps(long organizationId);

    void recordActive(long id, Instant at);

    /**
     * How many jobs of the organization's repositories are queued for the pool: their {@code runs-on}
     * labels are exactly its name (compared ignoring case), as GitHub's {@code runs-on: <hosted runner name>}.
     */
    int countQueuedJobs(long organizationId, String poolName);

    /**
     * Records that a machine is being started for the pool (its runner's registration made already).
     * Every node's controller counts it against {@code maximum_runners} until {@link #forgetMachine}.
     */
    void addMachine(long poolId, long runnerId, Instant startedAt);

    /** The node that started these machines still sees them running at {@code at}. */
    void renewMachines(List<Long> runnerIds, Instant at);

    /**
     * The pool's machines started by any node and not yet forgotten, and how many of them have a
     * registered runner that is not on a job (it will take the next job queued for the pool).
     */
    Machines machines(long poolId);

    /** The runners of machines last renewed before {@code renewedBefore}: their node is gone. */
    List<Long> expiredMachines(Instant renewedBefore);

    /** Forgets one machine: it ended, was stopped, or could not be started. */
    void forgetMachine(long runnerId);

    /**
     * Records that the organization deleted a custom image ({@code version} null) or one version of it.
     *
     * @return false if it had already
     */
    boolean deleteCustomImage(long organizationId, long imageId, String version);

    /** What the organization deleted: whole images have a null version. */
    List<DeletedCustomImage> deletedCustomImages(long organizationId);

    record DeletedCustomImage(long imageId, String version) {
    }

    /**
     * @param started machines of the pool started on any node and not seen to end
     * @param waiting those of them whose runner is registered and not on a job
     */
    record Machines(int started, int waiting) {
    }
}
