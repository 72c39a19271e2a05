package dev.gantry.engine.runners;

import dev.gantry.engine.FieldError;
import dev.gantry.engine.GantryException;
import dev.gantry.engine.identity.Account;
import dev.gantry.engine.identity.AccountStore;
import dev.gantry.engine.repository.Repository;
import dev.gantry.engine.repository.RepositoryStore;
import dev.gantry.engine.scope.ActionsScope;
import dev.gantry.engine.store.Page;
import dev.gantry.engine.store.PageRequest;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The runner groups of organizations and of the enterprise: the Default group (id 1, never
 * deleted), the others with their visibility, access (an organization's repositories, or the
 * organizations the enterprise's group serves), workflow restriction and runners. Every operation
 * names the group's owner as an {@link ActionsScope}: {@code organization(id)} or {@code enterprise()}.
 * The job queue's claim reads the same rows, so what is set here is what dispatch obeys.
 */
public final class RunnerGroups {
    private final RunnerGroupStore organizationGroups;
    private final RunnerGroupStore enterpriseGroups;
    private final RunnerStore runners;
    private final RepositoryStore repositories;
    private final AccountStore accounts;
    private final Clock clock;

    public RunnerGroups(RunnerGroupStore organizationGroups, RunnerGroupStore enterpriseGroups, RunnerStore runners,
            RepositoryStore repositories, AccountStore accounts, Clock clock) {
        this.organizationGroups = Objects.requireNonNull(organizationGroups, "organizationGroups");
        this.enterpriseGroups = Objects.requireNonNull(enterpriseGroups, "enterpriseGroups");
        this.runners = Objects.requireNonNull(runners, "runners");
        this.repositories = Objects.requireNonNull(repositories, "repositories");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The changeable settings of a group, as a create or update body gives them (null: unchanged, or the default). */
    public record Settings(String name, String visibility, Boolean allowsPublicRepositories, Boolean restrictedToWorkflows,
            List<String> selectedWorkflows) {
    }

    public Page<RunnerGroup> list(ActionsScope owner, PageRequest page) {
        return groups(owner).list(owner.ownerId(), page);
    }

    /** An organization's group, or one of the enterprise's it may use ({@code inherited}). */
    public record OrganizationGroup(RunnerGroup group, boolean inherited) {
        public OrganizationGroup {
            Objects.requireNonNull(group, "group");
        }
    }

    /**
     * The enterprise's groups an organization may use: those of visibility {@code all}, and the
     * {@code selected} ones that list it.
     */
    public Page<RunnerGroup> enterpriseGroupsFor(long organizationId, PageRequest page) {
        return enterpriseGroups.listVisibleTo(ActionsScope.enterprise().ownerId(), organizationId, page);
    }

    /**
     * An organization's groups as GitHub lists them to it: its own, then those it inherits from the
     * enterprise. The enterprise's Default group is left out: every organization has a Default group
     * of its own, and a second one would leave clients unable to tell which {@code default} is meant.
     * Both lists are a few rows, so they are held whole and paged together.
     */
    public Page<OrganizationGroup> listForOrganization(long organizationId, PageRequest page) {
        ActionsScope organization = ActionsScope.organization(organizationId);
        List<OrganizationGroup> all = new ArrayList<>();
        whole(request -> list(organization, request)).forEach(group -> all.add(new OrganizationGroup(group, false)));
        whole(request -> enterpriseGroupsFor(organizationId, request)).stream().filter(group -> !group.isDefault())
                .forEach(group -> all.add(new OrganizationGroup(group, true)));
        return Page.of(all, page);
    }

    private static List<RunnerGroup> whole(Function<PageRequest, Page<RunnerGroup>> lister) {
        List<RunnerGroup> all = new ArrayList<>();
        for (int number = 1; ; number++) {
            Page<RunnerGroup> page = lister.apply(new PageRequest(number, 100));
            all.addAll(page.items());
            if (page.items().isEmpty() || all.size() >= page.totalCount()) {
                return all;
            }
        }
    }

    /** @throws GantryException NOT_FOUND when the owner has no such group */
    public RunnerGroup get(ActionsScope owner, long groupId) {
        RunnerGroupStore groups = groups(owner);
        return groups.find(owner.ownerId(), groupId).orElseThrow(GantryException::notFound);
    }

    /**
     * Creates a group with its access and runners.
     *
     * @throws GantryException VALIDATION_FAILED for a missing or taken name (an organization's group may not
     *     take the name of one of the enterprise's, as on GitHub), a bad visibility or workflow, an access id
     *     not of the owner's, or a runner not of the owner
     */
    public RunnerGroup create(ActionsScope owner, Settings settings, List<Long> accessIds, List<Long> runnerIds) {
        RunnerGroupStore groups = groups(owner);
        if (settings.name() == null || settings.name().isBlank()) {
            throw GantryException.invalid("Validation Failed", FieldError.missingField("RunnerGroup", "name"));
        }
        String name = settings.name().strip();
        requireNotAnEnterpriseName(owner, name);
        List<Long> access = accessIds(owner, accessIds);
        List<Runner> members = ownRunners(owner, runnerIds);
        RunnerGroup group = groups.create(new RunnerGroup(owner.ownerId(), 0, name, visibility(owner, settings.visibility(), "all"),
                Boolean.TRUE.equals(settings.allowsPublicRepositories()), Boolean.TRUE.equals(settings.restrictedToWorkflows()),
                workflows(settings.selectedWorkflows() == null ? List.of() : settings.selectedWorkflows()),
                clock.instant().truncatedTo(ChronoUnit.SECONDS)), access);
        members.forEach(runner -> runners.setGroup(runner.id(), group.id()));
        return group;
    }

    /** @throws GantryException VALIDATION_FAILED for a taken name, renaming the Default group, a bad visibility or workflow */
    public RunnerGroup update(ActionsScope owner, long groupId, Settings settings) {
        RunnerGroup group = get(owner, groupId);
        String name = settings.name() == null || settings.name().isBlank() ? group.name() : settings.name().strip();
        if (group.isDefault() && !name.equals(group.name())) {
            throw GantryException.invalid("Validation Failed", FieldError.custom("RunnerGroup", "name",
                    "The Default runner group cannot be renamed"));
        }
        if (!name.equalsIgnoreCase(group.name())) {
            requireNotAnEnterpriseName(owner, name);
        }
        return groups(owner).update(new RunnerGroup(owner.ownerId(), groupId, name,
                visibility(owner, settings.visibility(), group.visibility()),
                settings.allowsPublicRepositories() == null ? group.allowsPublicRepositories() : settings.allowsPublicRepositories(),
                settings.restrictedToWorkflows() == null ? group.restrictedToWorkflows() : settings.restrictedToWorkflows(),
                settings.selectedWorkflows() == null ? group.selectedWorkflows() : workflows(settings.selectedWorkflows()),
                group.createdAt()));
    }

    /** @throws GantryException VALIDATION_FAILED for the Default group, which GitHub never deletes */
    public void delete(ActionsScope owner, long groupId) {
        RunnerGroup group = get(owner, groupId);
        if (group.isDefault()) {
            throw GantryException.invalid("Validation Failed", FieldError.custom("RunnerGroup", "id",
                    "The Default runner group cannot be deleted"));
        }
        groups(owner).delete(owner.ownerId(), groupId);
    }

    /** The repositories an organization's group of visibility {@code selected} serves. */
    public List<Repository> repositories(ActionsScope organization, long groupId) {
        get(organization, groupId);
        return organizationGroups.access(organization.ownerId(), groupId).stream()
                .flatMap(id -> repositories.findById(id).stream()).toList();
    }

    /** The organizations an enterprise group of visibility {@code selected} serves. */
    public List<Account> organizations(long groupId) {
        ActionsScope enterprise = ActionsScope.enterprise();
        get(enterprise, groupId);
        return enterpriseGroups.access(enterprise.ownerId(), groupId).stream().flatMap(id -> accounts.findById(id).stream()).toList();
    }

    /** @throws GantryException VALIDATION_FAILED when an id is not a repository of the organization (or not an organization) */
    public void setAccess(ActionsScope owner, long groupId, List<Long> accessIds) {
        get(owner, groupId);
        groups(owner).setAccess(owner.ownerId(), groupId, accessIds(owner, accessIds));
    }

    /** @throws GantryException NOT_FOUND for an unknown group, or an id that is not a repository of the organization (or not an organization) */
    public void addAccess(ActionsScope owner, long groupId, long accessId) {
        get(owner, groupId);
        groups(owner).addAccess(owner.ownerId(), groupId, accessId(owner, accessId));
    }

    public void removeAccess(ActionsScope owner, long groupId, long accessId) {
        get(owner, groupId);
        groups(owner).removeAccess(owner.ownerId(), groupId, accessId(owner, accessId));
    }

    public Page<Runner> runners(ActionsScope owner, long groupId, PageRequest page) {
        get(owner, groupId);
        return runners.listInGroup(owner, groupId, page);
    }

    /** Makes the group's runners exactly {@code runnerIds}; the runners it loses go back to the Default group. */
    public void setRunners(ActionsScope owner, long groupId, List<Long> runnerIds) {
        get(owner, groupId);
        List<Runner> members = ownRunners(owner, runnerIds);
        if (groupId != RunnerGroup.DEFAULT_ID) {
            runners.moveGroupRunners(owner, groupId, runnerIds, RunnerGroup.DEFAULT_ID);
        }
        members.forEach(runner -> runners.setGroup(runner.id(), groupId));
    }

    /** @throws GantryException NOT_FOUND for an unknown group, or a runner that is not the owner's */
    public void addRunner(ActionsScope owner, long groupId, long runnerId) {
        get(owner, groupId);
        runners.setGroup(ownRunner(owner, runnerId).id(), groupId);
    }

    /** Removes a runner from the group: it returns to the Default group, as on GitHub. */
    public void removeRunner(ActionsScope owner, long groupId, long runnerId) {
        get(owner, groupId);
        Runner runner = ownRunner(owner, runnerId);
        if (runner.runnerGroupId() != groupId) {
            throw GantryException.notFound();
        }
        runners.setGroup(runner.id(), RunnerGroup.DEFAULT_ID);
    }

    /**
     * The store of the owner's level; an organization's Default group is made here when first
     * needed (the enterprise's is made by its migration, since the claim joins on it).
     */
    private RunnerGroupStore groups(ActionsScope owner) {
        return switch (owner.kind()) {
            case ORGANIZATION -> {
                organizationGroups.ensureDefault(owner.ownerId(), clock.instant());
                yield organizationGroups;
            }
            case ENTERPRISE -> enterpriseGroups;
            default -> throw new IllegalArgumentException("runner groups belong to organizations and the enterprise, not " + owner);
        };
    }

    /**
     * GitHub refuses an organization group named like one of the enterprise's (other than Default,
     * which every organization has): a {@code runs-on: {group}} name must say which group it means.
     */
    private void requireNotAnEnterpriseName(ActionsScope owner, String name) {
        if (owner.kind() == ActionsScope.Kind.ORGANIZATION && enterpriseGroups.findByName(ActionsScope.enterprise().ownerId(), name)
                .filter(group -> !group.isDefault()).isPresent()) {
            throw GantryException.invalid("Validation Failed", FieldError.custom("RunnerGroup", "name",
                    "A runner group named '" + name + "' already exists in the enterprise"));
        }
    }

    private Runner ownRunner(ActionsScope owner, long runnerId) {
        return runners.findById(runnerId).filter(runner -> runner.scope().equals(owner)).orElseThrow(GantryException::notFound);
    }

    private List<Runner> ownRunners(ActionsScope owner, List<Long> runnerIds) {
        List<Runner> found = new ArrayList<>();
        for (long runnerId : runnerIds) {
            found.add(runners.findById(runnerId).filter(runner -> runner.scope().equals(owner))
                    .orElseThrow(() -> GantryException.invalid("Validation Failed", FieldError.custom("RunnerGroup", "runners",
                            "Runner " + runnerId + " is not a runner of the " + level(owner)))));
        }
        return found;
    }

    /** The access id if it names what the owner's groups may serve: a repository of the organization, or an organization. */
    private Optional<Long> accessible(ActionsScope owner, long id) {
        return owner.kind() == ActionsScope.Kind.ENTERPRISE
                ? accounts.findById(id).filter(Account::isOrganization).map(Account::id)
                : repositories.findById(id).filter(repository -> repository.ownerId() == owner.ownerId()).map(Repository::id);
    }

    private long accessId(ActionsScope owner, long id) {
        return accessible(owner, id).orElseThrow(GantryException::notFound);
    }

    private List<Long> accessIds(ActionsScope owner, List<Long> ids) {
        boolean enterprise = owner.kind() == ActionsScope.Kind.ENTERPRISE;
        List<Long> found = new ArrayList<>();
        for (long id : ids) {
            found.add(accessible(owner, id).orElseThrow(() -> GantryException.invalid("Validation Failed", FieldError.custom(
                    "RunnerGroup", enterprise ? "selected_organization_ids" : "selected_repository_ids",
                    enterprise ? "Organization " + id + " does not exist" : "Repository " + id + " is not in the organization"))));
        }
        return found;
    }

    private static String level(ActionsScope owner) {
        return owner.kind() == ActionsScope.Kind.ENTERPRISE ? "enterprise" : "organization";
    }

    private static String visibility(ActionsScope owner, String requested, String otherwise) {
        if (requested == null) {
            return otherwise;
        }
        Set<String> allowed = owner.kind() == ActionsScope.Kind.ENTERPRISE ? RunnerGroup.ENTERPRISE_VISIBILITIES : RunnerGroup.VISIBILITIES;
        if (!allowed.contains(requested)) {
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
                    .flatMap(account -> repositories.findByOwnerAndName(account.id(), ownerAndName[1]))
                    .map(Repository::id)
                    .orElse(null);
            parsed.add(selected.withRepositoryId(repositoryId));
        }
        return parsed;
    }
}
