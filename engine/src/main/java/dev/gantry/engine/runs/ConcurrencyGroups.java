package dev.gantry.engine.runs;

import dev.gantry.engine.GantryException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The live state of a repository's concurrency groups, as GitHub's concurrency-groups API shows
 * it: per group, the runs (workflow-level {@code concurrency}) and jobs (job-level) that hold it
 * or wait for it. Workflow-level and job-level groups share one namespace per repository.
 */
public final class ConcurrencyGroups {
    private final RunStore runs;
    private final JobStore jobs;

    public ConcurrencyGroups(RunStore runs, JobStore jobs) {
        this.runs = Objects.requireNonNull(runs, "runs");
        this.jobs = Objects.requireNonNull(jobs, "jobs");
    }

    /**
     * A run or job in a group.
     *
     * @param job the job for a job-level member, null for a run
     * @param holding it holds the group (GitHub's {@code in_progress}); else it waits ({@code pending})
     * @param acquiredAt when it took the group, null while it waits
     * @param position 0 for a holder, 1, 2 … for those waiting, in order
     */
    public record Member(WorkflowRun run, Job job, boolean holding, Instant acquiredAt, int position) {
        public Member {
            Objects.requireNonNull(run, "run");
        }
    }

    /** A group by its (lower-cased) name with its members, holders first. */
    public record Group(String name, List<Member> members) {
        public Group {
            Objects.requireNonNull(name, "name");
            members = List.copyOf(members);
        }

        /** When a member last took the group; null when no one holds it. */
        public Instant lastAcquiredAt() {
            return members.stream().map(Member::acquiredAt).filter(Objects::nonNull).max(Comparator.naturalOrder()).orElse(null);
        }
    }

    /** The repository's groups with at least one member, the most recently acquired first. */
    public List<Group> list(long repositoryId) {
        List<Group> groups = new ArrayList<>(groups(repositoryId).values());
        groups.sort(Comparator.comparing(Group::lastAcquiredAt, Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparing(Group::name));
        return List.copyOf(groups);
    }

    /**
     * One group, named case-insensitively.
     *
     * @throws GantryException NOT_FOUND when nothing holds or waits for it
     */
    public Group get(long repositoryId, String name) {
        Group group = groups(repositoryId).get(name.toLowerCase(Locale.ROOT));
        if (group == null) {
            throw GantryException.notFound();
        }
        return group;
    }

    /**
     * The groups a run's configuration names (its workflow's and its latest attempt's jobs'), each
     * with the members of this run only: possibly none once the run left the group.
     */
    public List<Group> forRun(long repositoryId, long runId) {
        WorkflowRun run = runs.findById(runId).filter(found -> found.repositoryId() == repositoryId)
                .orElseThrow(GantryException::notFound);
        Set<String> names = new LinkedHashSet<>();
        if (run.concurrencyGroup() != null) {
            names.add(run.concurrencyGroup());
        }
        jobs.listForAttempt(runId, run.runAttempt()).stream()
                .filter(job -> job.concurrency() != null)
                .forEach(job -> names.add(job.concurrency().group()));
        Map<String, Group> live = groups(repositoryId);
        List<Group> found = new ArrayList<>();
        for (String name : names) {
            List<Member> members = live.containsKey(name)
                    ? live.get(name).members().stream().filter(member -> member.run().id() == runId).toList()
                    : List.of();
            found.add(new Group(name, members));
        }
        return List.copyOf(found);
    }

    private Map<String, Group> groups(long repositoryId) {
        Map<String, List<Member>> holders = new LinkedHashMap<>();
        Map<String, List<Member>> waiting = new LinkedHashMap<>();
        Map<Long, WorkflowRun> runsById = new LinkedHashMap<>();
        for (WorkflowRun run : runs.listUnfinishedWithConcurrencyGroup(repositoryId)) {
            runsById.put(run.id(), run);
            boolean holding = run.status() != RunStatus.PENDING;
            (holding ? holders : waiting).computeIfAbsent(run.concurrencyGroup(), name -> new ArrayList<>())
                    .add(new Member(run, null, holding, holding ? run.runStartedAt() : null, 0));
        }
        for (Job job : jobs.listUnfinishedWithConcurrencyGroup(repositoryId)) {
            boolean holding = RunProgress.holdsGroup(job);
            if (!holding && !job.waitsForConcurrencyGroup()) {
                continue;
            }
            WorkflowRun run = runsById.computeIfAbsent(job.runId(), id -> runs.findById(id).orElseThrow());
            (holding ? holders : waiting).computeIfAbsent(job.concurrency().group(), name -> new ArrayList<>())
                    .add(new Member(run, job, holding, holding ? Objects.requireNonNullElse(job.queuedAt(), job.createdAt()) : null, 0));
        }
        Set<String> names = new LinkedHashSet<>(holders.keySet());
        names.addAll(waiting.keySet());
        Map<String, Group> groups = new LinkedHashMap<>();
        for (String name : names) {
            List<Member> members = new ArrayList<>(holders.getOrDefault(name, List.of()));
            List<Member> queue = waiting.getOrDefault(name, List.of());
            for (int index = 0; index < queue.size(); index++) {
                Member member = queue.get(index);
                members.add(new Member(member.run(), member.job(), false, null, index + 1));
            }
            groups.put(name, new Group(name, members));
        }
        return groups;
    }
}
