package dev.gantry.engine.runners;

import dev.gantry.engine.FieldError;
import dev.gantry.engine.GantryException;
import dev.gantry.engine.identity.AccountStore;
import dev.gantry.engine.repository.Repository;
import dev.gantry.engine.repository.RepositoryStore;
import dev.gantry.engine.store.Page;
import dev.gantry.engine.store.PageRequest;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An organization's runner groups: the Default group (id 1, made when first needed, never
 * deleted), the others with their visibility, repository access, workflow restriction and runners.
 * The job queue's claim reads the same rows, so what is set here is what dispatch obeys.
 */
public final class RunnerGroups {
    private final RunnerGroupStore groups;
    private final RunnerStore runners;
    private final RepositoryStore repositories;
    private final AccountStore accounts;
    private final Clock clock;

    public RunnerGroups(RunnerGroupStore groups, RunnerStore runners, RepositoryStore repositories, AccountStore accounts, Clock clock) {
        this.groups = Objects.requireNonNull(groups, "groups");
        this.runners = Objects.requireNonNull(runners, "runners");
        this.repositories = Objects.requireNonNull(repositories, "repositories");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The changeable settings of a group, as a create or update body gives them (null: unchanged, or the default). */
    public record Settings(String name, String visibility, Boolean allowsPublicRepositories, Boolean restrictedToWorkflows,
            List<String> selectedWorkflows) {
    }

    public Page<RunnerGroup> list(long organizationId, PageRequest page) {
        groups.ensureDefault(organizationId, clock.instant());
        return groups.list(organizationId, page);
    }

    /** @throws GantryException NOT_FOUND when the organization has no such group */
    public RunnerGroup get(long organizationId, long groupId) {
        groups.ensureDefault(organizationId, clock.instant());
        return groups.find(organizationId, groupId).orElseThrow(GantryException::notFound);
    }

    /**
     * Creates a group with its repositories and runners.
     *
     * @throws GantryException VALIDATION_FAILED for a missing or taken name, a bad visibility or workflow, or a
     *     repository or runner not of the organization
     */
    public RunnerGroup create(long organizationId, Settings settings, List<Long> repositoryIds, List<Long> runnerIds) {
        groups.ensureDefault(organizationId, clock.instant());
        if (settings.name() == null || settings.name().isBlank()) {
            throw GantryException.invalid("Validation Failed", FieldError.missingField("RunnerGroup", "name"));
        }
        List<Long> repositoryAccess = organizationRepositories(organizationId, repositoryIds);
        List<Runner> members = organizationRunners(organizationId, runnerIds);
        RunnerGroup group = groups.create(new RunnerGroup(organizationId, 0, settings.name().strip(),
                visibility(settings.visibility(), "all"), Boolean.TRUE.equals(settings.allowsPublicRepositories()),
                Boolean.TRUE.equals(settings.restrictedToWorkflows()),
                workflows(settings.selectedWorkflows() == null ? List.of() : settings.selectedWorkflows()),
                clock.instant().truncatedTo(ChronoUnit.SECONDS)), repositoryAccess);
        members.forEach(runner -> runners.setGroup(runner.id(), group.id()));
        return group;
    }

    /** @throws GantryException VALIDATION_FAILED for a taken name, renaming the Default group, a bad visibility or workflow */
    public RunnerGroup update(long organizationId, long groupId, Settings settings) {
        RunnerGroup group = get(organizationId, groupId);
        String name = settings.name() == null || settings.name().isBlank() ? group.name() : settings.name().strip();
        if (group.isDefault() && !name.equals(group.name())) {
            throw GantryException.invalid("Validation Failed", FieldError.custom("RunnerGroup", "name",
                    "The Default runner group cannot be renamed"));
        }
        return groups.update(new RunnerGroup(organizationId, groupId, name, visibility(settings.visibility(), group.visibility()),
                settings.allowsPublicRepositories() == null ? group.allowsPublicRepositories() : settings.allowsPublicRepositories(),
                settings.restrictedToWorkflows() == null ? group.restrictedToWorkflows() : settings.restrictedToWorkflows(),
                settings.selectedWorkflows() == null ? group.selectedWorkflows() : workflows(settings.selectedWorkflows()),
                group.createdAt()));
    }

    /** @throws GantryException VALIDATION_FAILED for the Default group, which GitHub never deletes */
    public void delete(long organizationId, long groupId) {
        RunnerGroup group = get(organizationId, groupId);
        if (group.isDefault()) {
            throw GantryException.invalid("Validation Failed", FieldError.custom("RunnerGroup", "id",
                    "The Default runner group cannot be deleted"));
        }
        groups.delete(organizationId, groupId);
    }

    public List<Repository> repositories(long organizationId, long groupId) {
        get(organizationId, groupId);
        return groups.repositories(organizationId, groupId).stream().flatMap(id -> repositories.findById(id).stream()).toList();
    }

    public void setRepositories(long organizationId, long groupId, List<Long> repositoryIds) {
        get(organizationId, groupId);
        groups.setRepositories(organizationId, groupId, organizationRepositories(organizationId, repositoryIds));
    }

    public void addRepository(long organizationId, long groupId, long repositoryId) {
        get(organizationId, groupId);
        groups.addRepository(organizationId, groupId, organizationRepository(organizationId, repositoryId));
    }

    public void removeRepository(long organizationId, long groupId, long repositoryId) {
        get(organizationId, groupId);
        groups.removeRepository(organizationId, groupId, organizationRepository(organizationId, repositoryId));
    }

    public Page<Runner> runners(long organizationId, long groupId, PageRequest page) {
        get(organizationId, groupId);
        return runners.listInGroup(organizationId, groupId, page);
    }

    /** Makes the group's runners exactly {@code runnerIds}; the runners it loses go back to the Default group. */
    public void setRunners(long organizationId, long groupId, List<Long> runnerIds) {
        get(organizationId, groupId);
        List<Runner> members = organizationRunners(organizationId, runnerIds);
        if (groupId != RunnerGroup.DEFAULT_ID) {
            runners.moveGroupRunners(organizationId, groupId, runnerIds, RunnerGroup.DEFAULT_ID);
        }
        members.forEach(runner -> runners.setGroup(runner.id(), groupId));
    }

    public void addRunner(long organizationId, long groupId, long runnerId) {
        get(organizationId, groupId);
        runners.setGroup(organizationRunner(organizationId, runnerId).id(), groupId);
    }

    /** Removes a runner from the group: it returns to the Default group, as on GitHub. */
    public void removeRunner(long organizationId, long groupId, long runnerId) {
        get(organizationId, groupId);
        Runner runner = organizationRunner(organizationId, runnerId);
        if (runner.runnerGroupId() != groupId) {
            throw GantryException.notFound();
        }
        runners.setGroup(runner.id(), RunnerGroup.DEFAULT_ID);
    }

    private Runner organizationRunner(long organizationId, long runnerId) {
        return runners.findById(runnerId)
                .filter(runner -> runner.isOrganizationRunner() && runner.scope().ownerId() == organizationId)
                .orElseThrow(GantryException::notFound);
    }

    private List<Runner> organizationRunners(long organizationId, List<Long> runnerIds) {
        List<Runner> found = new ArrayList<>();
        for (long runnerId : runnerIds) {
            found.add(runners.findById(runnerId)
                    .filter(runner -> runner.isOrganizationRunner() && runner.scope().ownerId() == organizationId)
                    .orElseThrow(() -> GantryException.invalid("Validation Failed",
                            FieldError.custom("RunnerGroup", "runners", "Runner " + runnerId + " is not a runner of the organization"))));
        }
        return found;
    }

    private long organizationRepository(long organizationId, long repositoryId) {
        return repositories.findById(repositoryId).filter(repository -> repository.ownerId() == organizationId)
                .map(Repository::id)
                .orElseThrow(GantryException::notFound);
    }

    private List<Long> organizationRepositories(long organizationId, List<Long> repositoryIds) {
        List<Long> ids = new ArrayList<>();
        for (long id : repositoryIds) {
            ids.add(repositories.findById(id).filter(repository -> repository.ownerId() == organizationId).map(Repository::id)
                    .orElseThrow(() -> GantryException.invalid("Validation Failed", FieldError.custom("RunnerGroup",
                            "selected_repository_ids", "Repository " + id + " is not in the organization"))));
        }
        return ids;
    }

    private static String visibility(String requested, String otherwise) {
        if (requested == null) {
            return otherwise;
        }
        if (!RunnerGroup.VISIBILITIES.contains(requested)) {
            throw GantryException.invalid("Validation Failed", FieldError.invalid("RunnerGroup", "visibility"));
        }
        return requested;
    }

    private List<SelectedWorkflow> workflows(List<String> given) {
        List<SelectedWorkflow> parsed = new ArrayList<>();
        for (String workflow : given) {
            SelectedWorkflow selected = Optional.ofNullable(workflow).flatMap(SelectedWorkflow::parse)
                    .orElseThrow(() -> GantryException.invalid("Validation Failed", FieldError.custom("RunnerGroup",
                            "selected_workflows", "'" + workflow + "' is not of the form owner/repo/path@ref")));
            String[] ownerAndName = selected.repository().split("/", 2);
            Long repositoryId = accounts.findByLogin(ownerAndName[0])
                    .flatMap(owner -> repositories.findByOwnerAndName(owner.id(), ownerAndName[1]))
                    .map(Repository::id)
                    .orElse(null);
            parsed.add(selected.withRepositoryId(repositoryId));
        }
        return parsed;
    }
}
