package dev.gantry.engine.environments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.engine.FieldError;
import dev.gantry.engine.GantryException;
import dev.gantry.engine.identity.Account;
import dev.gantry.engine.identity.AccountStore;
import dev.gantry.engine.store.Page;
import dev.gantry.engine.store.PageRequest;
import dev.gantry.workflow.expression.EvaluationContext;
import dev.gantry.workflow.expression.Expression;
import dev.gantry.workflow.expression.ExpressionException;
import dev.gantry.workflow.expression.ExpressionFunctions;
import dev.gantry.workflow.expression.ExpressionScope;
import dev.gantry.workflow.expression.ExpressionValue;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Deployment environments: GitHub's environments operations, and the environment a job names,
 * created on its first use as GitHub does. The rules are enforced by {@code deployments.DeploymentProtection}.
 */
public final class Environments {
    /** GitHub's limits on an environment's settings. */
    public static final int MAX_NAME_LENGTH = 255;
    public static final int MAX_WAIT_TIMER_MINUTES = 43_200;
    public static final int MAX_REVIEWERS = 6;

    /** The contexts GitHub allows in {@code jobs.<id>.environment}. */
    private static final ExpressionScope ENVIRONMENT_SCOPE = ExpressionScope.of("github", "needs", "strategy", "matrix", "vars", "inputs");
    private static final int MAPPING = 2;
    private static final int EXPRESSION = 3;

    private final EnvironmentStore store;
    private final AccountStore accounts;
    private final Clock clock;

    public Environments(EnvironmentStore store, AccountStore accounts, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Page<Environment> list(long repositoryId, PageRequest page) {
        return store.list(repositoryId, page);
    }

    public Optional<Environment> find(long repositoryId, String name) {
        return store.find(repositoryId, name);
    }

    /** @throws GantryException NOT_FOUND when the repository has no environment of that name */
    public Environment get(long repositoryId, String name) {
        return store.find(repositoryId, name).orElseThrow(GantryException::notFound);
    }

    /**
     * Creates the environment or changes its settings; settings the request leaves out keep their
     * value (a new environment starts without any).
     */
    public Environment createOrUpdate(long repositoryId, String name, EnvironmentChanges changes) {
        checkName(name);
        if (changes.waitTimer() != null && (changes.waitTimer() < 0 || changes.waitTimer() > MAX_WAIT_TIMER_MINUTES)) {
            throw GantryException.invalid("Validation Failed", FieldError.custom("Environment", "wait_timer",
                    "wait_timer must be an integer between 0 and " + MAX_WAIT_TIMER_MINUTES));
        }
        if (changes.reviewers() != null) {
            checkReviewers(changes.reviewers());
        }
        if (changes.setsBranchPolicy() && changes.branchPolicy() != null
                && changes.branchPolicy().protectedBranches() == changes.branchPolicy().customBranchPolicies()) {
            throw GantryException.invalid("Validation Failed", FieldError.custom("Environment", "deployment_branch_policy",
                    "Only one of protected_branches and custom_branch_policies can be true"));
        }
        Environment environment = store.createIfAbsent(repositoryId, name, clock.instant());
        EnvironmentProtection current = environment.protection();
        EnvironmentProtection changed = new EnvironmentProtection(
                changes.waitTimer() == null ? current.waitTimer() : changes.waitTimer(),
                changes.preventSelfReview() == null ? current.preventSelfReview() : changes.preventSelfReview(),
                changes.reviewers() == null ? current.reviewers() : changes.reviewers(),
                changes.setsBranchPolicy() ? changes.branchPolicy() : current.branchPolicy());
        return store.update(environment.id(), changed, clock.instant());
    }

    public void delete(long repositoryId, String name) {
        if (!store.delete(repositoryId, name)) {
            throw GantryException.notFound();
        }
    }

    /**
     * The environment a job names ({@code environment: production}, {@code environment: {name: …}},
     * or an expression evaluated with the job's contexts), created on first use as GitHub does.
     * Empty when the job names none, or the name evaluates to nothing.
     */
    public Optional<Environment> forJob(long repositoryId, JsonNode definition, ObjectNode contexts) {
        return environmentName(definition.get("environment"), contexts)
                .filter(name -> !name.isBlank() && name.length() <= MAX_NAME_LENGTH)
                .map(name -> store.find(repositoryId, name).orElseGet(() -> store.createIfAbsent(repositoryId, name, clock.instant())));
    }

    private static Optional<String> environmentName(JsonNode token, ObjectNode contexts) {
        if (token == null || token.isNull() || token.isMissingNode()) {
            return Optional.empty();
        }
        if (token.isTextual()) {
            return Optional.of(token.asText());
        }
        int type = token.path("type").asInt(-1);
        if (type == MAPPING) {
            for (JsonNode entry : token.path("map")) {
                if ("name".equals(entry.path("Key").asText())) {
                    return environmentName(entry.get("Value"), contexts);
                }
            }
            return Optional.empty();
        }
        if (type == EXPRESSION) {
            try {
                ExpressionValue value = Expression.parse(token.path("expr").asText(), ENVIRONMENT_SCOPE)
                        .evaluate(EvaluationContext.fromJson(contexts, ExpressionFunctions.NONE));
                return Optional.of(ExpressionValue.toText(value));
            } catch (ExpressionException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static void checkName(String name) {
        if (name == null || name.isBlank() || name.length() > MAX_NAME_LENGTH) {
            throw GantryException.invalid("Validation Failed", FieldError.custom("Environment", "name",
                    "Name must be between 1 and " + MAX_NAME_LENGTH + " characters"));
        }
    }

    /** Up to six users who exist; Gantry has no teams, so a team reviewer is unknown. */
    private void checkReviewers(List<EnvironmentProtection.Reviewer> reviewers) {
        if (reviewers.size() > MAX_REVIEWERS) {
            throw GantryException.invalid("Validation Failed", FieldError.custom("Environment", "reviewers",
                    "Only " + MAX_REVIEWERS + " reviewers can be added to an environment"));
        }
        for (EnvironmentProtection.Reviewer reviewer : reviewers) {
            boolean known = "User".equals(reviewer.type())
                    && accounts.findById(reviewer.id()).filter(account -> !account.isOrganization()).isPresent();
            if (!known) {
                throw GantryException.invalid("Validation Failed", FieldError.custom("Environment", "reviewers",
                        reviewer.type() + " " + reviewer.id() + " could not be found"));
            }
        }
    }

    /** The reviewers' accounts, for showing them; one that was deleted since is left out. */
    public List<Account> reviewerAccounts(Environment environment) {
        return environment.protection().reviewers().stream()
                .flatMap(reviewer -> accounts.findById(reviewer.id()).stream())
                .toList();
    }
}
