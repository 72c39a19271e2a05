package dev.gantry.engine.permissions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.gantry.engine.ErrorCategory;
import dev.gantry.engine.FieldError;
import dev.gantry.engine.GantryException;
import dev.gantry.engine.identity.Account;
import dev.gantry.engine.logs.LogExpiryStore;
import dev.gantry.engine.identity.AccountStore;
import dev.gantry.engine.repository.Repository;
import dev.gantry.engine.repository.RepositoryStore;
import dev.gantry.engine.runs.RunPolicy;
import dev.gantry.engine.runners.RepositoryRunnerPolicy;
import dev.gantry.engine.runs.WorkflowRun;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * GitHub's Actions permissions at enterprise, organization and repository level: stored, read
 * back with GitHub's defaults when never set, bounded by the level above (a repository cannot
 * enable what its organization forbids: 409; retention above the parent's: 422), and enforced:
 * as the engine's {@link RunPolicy} (runs of a disabled repository do not start; a forbidden
 * action fails the run at start), for job tokens' default permissions, and for log retention.
 */
public final class ActionsPermissions implements RunPolicy, RepositoryRunnerPolicy {
    /** GitHub Enterprise Server's longest retention; the enterprise's days bound everything below. */
    public static final int MAXIMUM_RETENTION_DAYS = 400;
    public static final int DEFAULT_RETENTION_DAYS = 90;
    public static final String DEFAULT_APPROVAL_POLICY = "first_time_contributors";

    /** The lists of ids some settings select. */
    public static final String ENABLED = "enabled";
    public static final String SELF_HOSTED_RUNNERS = "self_hosted_runners";

    private static final String POLICY = "policy";
    private static final String SELECTED_ACTIONS = "selected_actions";
    private static final String WORKFLOW = "workflow";
    private static final String RETENTION = "retention";
    private static final String APPROVAL = "fork_pr_contributor_approval";
    private static final String FORK_PR_WORKFLOWS = "fork_pr_workflows_private_repos";
    private static final String ACCESS = "access";

    private final ObjectMapper json = JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();
    private final ActionsSettingsStore store;
    private final LogExpiryStore expiries;
    private final RepositoryStore repositories;
    private final AccountStore accounts;
    private final Clock clock;

    public ActionsPermissions(ActionsSettingsStore store, LogExpiryStore expiries, RepositoryStore repositories, AccountStore accounts,
            Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.expiries = Objects.requireNonNull(expiries, "expiries");
        this.repositories = Objects.requireNonNull(repositories, "repositories");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    // ---- enabled and allowed actions

    /**
     * The level's policy as GitHub shows it: a repository's {@code enabled} is false while its
     * organization or the enterprise does not enable it, and every level's {@code allowed_actions}
     * and {@code sha_pinning_required} are at least as strict as the levels above.
     */
    public ActionsPolicy policy(SettingsScope scope) {
        ActionsPolicy own = storedPolicy(scope);
        String enabled = scope.kind() == SettingsScope.Kind.REPOSITORY && !enabledByParents(scope) ? "none" : own.enabled();
        String allowed = own.allowedActions();
        boolean pinning = own.shaPinningRequired();
        for (SettingsScope parent : parents(scope)) {
            ActionsPolicy above = storedPolicy(parent);
            allowed = above.restriction() > ActionsPolicy.restriction(allowed) ? above.allowedActions() : allowed;
            pinning |= above.shaPinningRequired();
        }
        return new ActionsPolicy(enabled, allowed, pinning);
    }

    /** The level's own policy as last set (GitHub's defaults when never set), before the levels above bound it. */
    public ActionsPolicy ownPolicy(SettingsScope scope) {
        return storedPolicy(scope);
    }

    /** @throws GantryException CONFLICT when a level above forbids what the policy asks for */
    public void setPolicy(SettingsScope scope, ActionsPolicy policy) {
        if (!policy.enabled().equals("none") && !enabledByParents(scope)) {
            throw conflict(scope.kind() == SettingsScope.Kind.REPOSITORY
                    ? "GitHub Actions cannot be enabled for this repository: the organization's policy does not allow it."
                    : "GitHub Actions cannot be enabled for this organization: the enterprise's policy does not allow it.");
        }
        // Only a change is checked: disabling a repository must not fail over an allowed_actions it kept from before.
        boolean allowedActionsChanged = !policy.allowedActions().equals(storedPolicy(scope).allowedActions());
        for (SettingsScope parent : parents(scope)) {
            if (allowedActionsChanged && storedPolicy(parent).restriction() > policy.restriction()) {
                throw conflict("allowed_actions cannot be less restrictive than the " + levelName(parent) + "'s policy ("
                        + storedPolicy(parent).allowedActions() + ").");
            }
        }
        put(scope, POLICY, policy);
    }

    public SelectedActions selectedActions(SettingsScope scope) {
        return get(scope, SELECTED_ACTIONS, SelectedActions.class).orElse(SelectedActions.DEFAULT);
    }

    public void setSelectedActions(SettingsScope scope, SelectedActions selected) {
        put(scope, SELECTED_ACTIONS, selected);
    }

    // ---- selections (repositories an organization enables, organizations the enterprise enables, self-hosted runners)

    public List<Long> selection(SettingsScope scope, String list) {
        return store.selection(scope, list);
    }

    /**
     * @param ids already checked to be the scope's own repositories (or organizations)
     */
    public void setSelection(SettingsScope scope, String list, List<Long> ids) {
        store.setSelection(scope, list, ids.stream().distinct().toList());
    }

    public boolean addToSelection(SettingsScope scope, String list, long id) {
        requireSelectedPolicy(scope, list);
        return store.addToSelection(scope, list, id);
    }

    public boolean removeFromSelection(SettingsScope scope, String list, long id) {
        requireSelectedPolicy(scope, list);
        return store.removeFromSelection(scope, list, id);
    }

    /** GitHub documents 409 when the self-hosted runner list is changed while the policy is not {@code selected}. */
    private void requireSelectedPolicy(SettingsScope scope, String list) {
        if (list.equals(SELF_HOSTED_RUNNERS) && !selfHostedRunners(scope).equals("selected")) {
            throw conflict("The organization's self-hosted runner policy must be 'selected' to change its repositories.");
        }
    }

    // ---- default GITHUB_TOKEN permissions

    /** A repository's is at most its organization's: an organization that says {@code read} makes it {@code read}. */
    public WorkflowPermissions workflowPermissions(SettingsScope scope) {
        WorkflowPermissions own = get(scope, WORKFLOW, WorkflowPermissions.class).orElse(WorkflowPermissions.DEFAULT);
        for (SettingsScope parent : parents(scope)) {
            WorkflowPermissions above = get(parent, WORKFLOW, WorkflowPermissions.class).orElse(WorkflowPermissions.DEFAULT);
            own = new WorkflowPermissions(above.writes() ? own.defaultWorkflowPermissions() : "read",
                    own.canApprovePullRequestReviews() && above.canApprovePullRequestReviews());
        }
        return own;
    }

    /**
     * Fields left out keep their value.
     *
     * @throws GantryException CONFLICT when the organization's setting is stricter, as GitHub answers 409
     */
    public void setWorkflowPermissions(SettingsScope scope, Optional<String> defaultPermissions, Optional<Boolean> canApprove) {
        WorkflowPermissions current = get(scope, WORKFLOW, WorkflowPermissions.class).orElse(WorkflowPermissions.DEFAULT);
        WorkflowPermissions wanted = new WorkflowPermissions(defaultPermissions.orElse(current.defaultWorkflowPermissions()),
                canApprove.orElse(current.canApprovePullRequestReviews()));
        for (SettingsScope parent : parents(scope)) {
            WorkflowPermissions above = workflowPermissions(parent);
            if (wanted.writes() && !above.writes() || wanted.canApprovePullRequestReviews() && !above.canApprovePullRequestReviews()) {
                throw conflict("The " + levelName(parent) + "'s workflow permissions are more restrictive.");
            }
        }
        put(scope, WORKFLOW, wanted);
    }

    /** Whether a job token without {@code permissions:} may write, as its repository's setting says. */
    public boolean tokenWritesByDefault(long repositoryId) {
        return workflowPermissions(SettingsScope.repository(repositoryId)).writes();
    }

    // ---- artifact and log retention

    public RetentionSettings retention(SettingsScope scope) {
        int maximum = parents(scope).stream().findFirst().map(parent -> retention(parent).days()).orElse(MAXIMUM_RETENTION_DAYS);
        int days = get(scope, RETENTION, RetentionDays.class).map(RetentionDays::days).orElse(DEFAULT_RETENTION_DAYS);
        return new RetentionSettings(Math.min(days, maximum), maximum);
    }

    /** @throws GantryException VALIDATION_FAILED outside 1 … the level's maximum, as GitHub answers 422 */
    public void setRetention(SettingsScope scope, long days) {
        int maximum = retention(scope).maximumAllowedDays();
        if (days < 1 || days > maximum) {
            throw GantryException.invalid("Validation Failed", FieldError.custom("ArtifactAndLogRetention", "days",
                    "days must be between 1 and " + maximum));
        }
        put(scope, RETENTION, new RetentionDays((int) days));
    }

    private record RetentionDays(int days) {
    }

    // ---- fork pull requests, self-hosted runners, access from other repositories

    public String approvalPolicy(SettingsScope scope) {
        return get(scope, APPROVAL, ApprovalPolicy.class).map(ApprovalPolicy::approvalPolicy).orElse(DEFAULT_APPROVAL_POLICY);
    }

    public void setApprovalPolicy(SettingsScope scope, String policy) {
        put(scope, APPROVAL, new ApprovalPolicy(policy));
    }

    private record ApprovalPolicy(String approvalPolicy) {
    }

    public ForkPullRequestWorkflows forkPullRequestWorkflows(SettingsScope scope) {
        return get(scope, FORK_PR_WORKFLOWS, ForkPullRequestWorkflows.class).orElse(ForkPullRequestWorkflows.DEFAULT);
    }

    public void setForkPullRequestWorkflows(SettingsScope scope, ForkPullRequestWorkflows settings) {
        put(scope, FORK_PR_WORKFLOWS, settings);
    }

    /** An organization's: {@code all}, {@code selected} or {@code none} of its repositories may use repository-level runners. */
    public String selfHostedRunners(SettingsScope scope) {
        if (enterpriseDisablesRepositoryRunners()) {
            return "none";
        }
        return get(scope, SELF_HOSTED_RUNNERS, SelfHostedRunners.class).map(SelfHostedRunners::enabledRepositories).orElse("all");
    }

    /** @throws GantryException CONFLICT when the enterprise disabled repository-level runners (GitHub's 409) */
    public void setSelfHostedRunners(SettingsScope scope, String enabledRepositories) {
        if (!enabledRepositories.equals("none") && enterpriseDisablesRepositoryRunners()) {
            throw conflict("Repository-level self-hosted runners are disabled by the enterprise.");
        }
        put(scope, SELF_HOSTED_RUNNERS, new SelfHostedRunners(enabledRepositories));
    }

    private record SelfHostedRunners(String enabledRepositories) {
    }

    public boolean enterpriseDisablesRepositoryRunners() {
        return get(SettingsScope.enterprise(), SELF_HOSTED_RUNNERS, EnterpriseRunners.class)
                .map(EnterpriseRunners::disableSelfHostedRunnersForAllOrgs).orElse(false);
    }

    public void setEnterpriseDisablesRepositoryRunners(boolean disable) {
        put(SettingsScope.enterprise(), SELF_HOSTED_RUNNERS, new EnterpriseRunners(disable));
    }

    private record EnterpriseRunners(boolean disableSelfHostedRunnersForAllOrgs) {
    }

    /** {@code none}, {@code user} or {@code organization}: who outside a private repository may use its actions. */
    public String accessLevel(long repositoryId) {
        return get(SettingsScope.repository(repositoryId), ACCESS, Access.class).map(Access::accessLevel).orElse("none");
    }

    public void setAccessLevel(long repositoryId, String level) {
        put(SettingsScope.repository(repositoryId), ACCESS, new Access(level));
    }

    private record Access(String accessLevel) {
    }

    // ---- the engine's questions (RunPolicy)

    @Override
    public boolean actionsEnabled(long repositoryId) {
        return policy(SettingsScope.repository(repositoryId)).enabled().equals("all");
    }

    /** Every level's rule must let the actions through; the enterprise's is asked first, then the organization's, then the repository's. */
    @Override
    public Optional<String> refusal(long repositoryId, List<String> actions) {
        Optional<Repository> repository = repositories.findById(repositoryId);
        Optional<Account> owner = repository.flatMap(found -> accounts.findById(found.ownerId()));
        if (repository.isEmpty() || owner.isEmpty() || actions.isEmpty()) {
            return Optional.empty();
        }
        String fullName = owner.get().login() + "/" + repository.get().name();
        List<SettingsScope> levels = new ArrayList<>(parents(SettingsScope.repository(repositoryId))).reversed();
        levels.add(SettingsScope.repository(repositoryId));
        for (SettingsScope level : levels) {
            AllowedActions rule = switch (level.kind()) {
                case ENTERPRISE -> new AllowedActions(storedPolicy(level), selectedActions(level), "your enterprise",
                        login -> accounts.findByLogin(login).isPresent());
                case ORGANIZATION, REPOSITORY -> {
                    String login = level.kind() == SettingsScope.Kind.REPOSITORY ? owner.get().login()
                            : accounts.findById(level.id()).map(Account::login).orElse("");
                    yield new AllowedActions(storedPolicy(level), selectedActions(level), login, login::equalsIgnoreCase);
                }
            };
            Optional<String> refused = rule.refusal(fullName, actions);
            if (refused.isPresent()) {
                return refused;
            }
        }
        return Optional.empty();
    }

    /** The run's logs expire after its repository's retention days as they are now; a later change applies to new runs only. */
    @Override
    public void runCreated(WorkflowRun run) {
        expiries.schedule(run.id(), run.createdAt().plus(Duration.ofDays(retention(SettingsScope.repository(run.repositoryId())).days())));
    }

    /**
     * A user's repository always may; an organization's as its {@code self-hosted-runners} setting
     * says ({@code none} when the enterprise disables repository runners for every organization).
     */
    @Override
    public boolean allowsRepositoryRunners(long repositoryId) {
        List<SettingsScope> parents = parents(SettingsScope.repository(repositoryId));
        if (parents.size() < 2) {
            return true;
        }
        SettingsScope organization = parents.getFirst();
        return switch (selfHostedRunners(organization)) {
            case "all" -> true;
            case "selected" -> store.selection(organization, SELF_HOSTED_RUNNERS).contains(repositoryId);
            default -> false;
        };
    }

    // ---- levels

    /** The levels above a scope, nearest first: a repository's organization (if an organization owns it), then the enterprise. */
    private List<SettingsScope> parents(SettingsScope scope) {
        return switch (scope.kind()) {
            case ENTERPRISE -> List.of();
            case ORGANIZATION -> List.of(SettingsScope.enterprise());
            case REPOSITORY -> repositories.findById(scope.id())
                    .flatMap(repository -> accounts.findById(repository.ownerId()))
                    .filter(Account::isOrganization)
                    .map(organization -> List.of(SettingsScope.organization(organization.id()), SettingsScope.enterprise()))
                    .orElse(List.of(SettingsScope.enterprise()));
        };
    }

    /** Whether the levels above let Actions run here: the enterprise enables the organization, the organization the repository. */
    private boolean enabledByParents(SettingsScope scope) {
        return switch (scope.kind()) {
            case ENTERPRISE -> true;
            case ORGANIZATION -> selects(SettingsScope.enterprise(), scope.id());
            case REPOSITORY -> {
                List<SettingsScope> parents = parents(scope);
                yield parents.size() < 2 || selects(parents.getFirst(), scope.id()) && enabledByParents(parents.getFirst());
            }
        };
    }

    /** Whether a level's {@code enabled} policy covers the member (a repository of an organization, an organization of the enterprise). */
    private boolean selects(SettingsScope level, long memberId) {
        String enabled = storedPolicy(level).enabled();
        return enabled.equals("all") || enabled.equals("selected") && store.selection(level, ENABLED).contains(memberId);
    }

    private ActionsPolicy storedPolicy(SettingsScope scope) {
        return get(scope, POLICY, ActionsPolicy.class).orElse(ActionsPolicy.DEFAULT);
    }

    private static String levelName(SettingsScope scope) {
        return scope.kind() == SettingsScope.Kind.ENTERPRISE ? "enterprise" : "organization";
    }

    private static GantryException conflict(String message) {
        return new GantryException(ErrorCategory.CONFLICT, message);
    }

    private <T> Optional<T> get(SettingsScope scope, String name, Class<T> type) {
        return store.find(scope, name).map(text -> {
            try {
                return json.readValue(text, type);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("the stored Actions setting " + name + " of " + scope + " does not read", e);
            }
        });
    }

    private void put(SettingsScope scope, String name, Object value) {
        try {
            store.put(scope, name, json.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an Actions setting does not write as JSON", e);
        }
    }
}
