package dev.gantry.engine.variables;

import dev.gantry.engine.ErrorCategory;
import dev.gantry.engine.FieldError;
import dev.gantry.engine.GantryException;
import dev.gantry.engine.identity.AccountStore;
import dev.gantry.engine.repository.Repository;
import dev.gantry.engine.repository.RepositoryStore;
import dev.gantry.engine.scope.ActionsNames;
import dev.gantry.engine.scope.ActionsScope;
import dev.gantry.engine.scope.OrganizationVisibility;
import dev.gantry.engine.scope.ScopeLevels;
import dev.gantry.engine.scope.SelectedRepositories;
import dev.gantry.engine.store.Page;
import dev.gantry.engine.store.PageRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Actions variables of repositories, organizations and environments, and the {@code vars} context
 * a job sees: the organization's that reach its repository, overridden by the repository's, overridden
 * by its environment's.
 */
public final class Variables {
    /** GitHub's limits: a value's size, and how many variables each kind of scope holds. */
    public static final int MAX_VALUE_BYTES = 48 * 1024;
    public static final int MAX_ORGANIZATION_VARIABLES = 1_000;
    public static final int MAX_REPOSITORY_VARIABLES = 500;
    public static final int MAX_ENVIRONMENT_VARIABLES = 100;

    private static final String RESOURCE = "Variable";

    private final VariableStore store;
    private final ScopeLevels levels;
    private final SelectedRepositories selectedRepositories;
    private final Clock clock;

    public Variables(VariableStore store, RepositoryStore repositories, AccountStore accounts, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.levels = new ScopeLevels(repositories, accounts);
        this.selectedRepositories = new SelectedRepositories(store.selectedRepositories(),
                (scope, name) -> store.find(scope, name).map(variable -> Objects.requireNonNullElse(variable.visibility(), "")), true);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param visibility an organization variable's; ignored for other scopes
     * @return the variable as stored
     * @throws GantryException CONFLICT when the scope has one of that name (case-insensitively)
     */
    public Variable create(ActionsScope scope, String name, String value, String visibility) {
        String stored = ActionsNames.stored(RESOURCE, name);
        if (value == null) {
            throw GantryException.invalid("Invalid request.\n\n\"value\" wasn't supplied.", FieldError.missingField(RESOURCE, "value"));
        }
        checkValue(value);
        boolean organization = scope.kind() == ActionsScope.Kind.ORGANIZATION;
        if (organization) {
            OrganizationVisibility.check(RESOURCE, visibility, true);
        }
        if (store.count(scope) >= limit(scope)) {
            throw GantryException.invalid("Validation Failed", FieldError.custom(RESOURCE, "name",
                    "The maximum number of variables (" + limit(scope) + ") has been reached"));
        }
        Instant now = clock.instant();
        Variable variable = new Variable(scope, stored, value, organization ? visibility : null, now, now);
        if (!store.create(variable)) {
            throw alreadyExists();
        }
        return variable;
    }

    /**
     * Changes a variable's name, value or (organization) visibility; what is null stays.
     *
     * @throws GantryException NOT_FOUND when there is none of that name; CONFLICT when the new name is taken
     */
    public Variable update(ActionsScope scope, String name, String newName, String value, String visibility) {
        Variable current = find(scope, name).orElseThrow(GantryException::notFound);
        String stored = newName == null ? current.name() : ActionsNames.stored(RESOURCE, newName);
        if (value != null) {
            checkValue(value);
        }
        if (scope.kind() == ActionsScope.Kind.ORGANIZATION) {
            OrganizationVisibility.check(RESOURCE, visibility, false);
        }
        Variable changed = new Variable(scope, stored, value == null ? current.value() : value,
                scope.kind() == ActionsScope.Kind.ORGANIZATION && visibility != null ? visibility : current.visibility(),
                current.createdAt(), clock.instant());
        return switch (store.update(current.name(), changed)) {
            case DONE -> changed;
            case MISSING -> throw GantryException.notFound();
            case NAME_TAKEN -> throw alreadyExists();
        };
    }

    public Optional<Variable> find(ActionsScope scope, String name) {
        return store.find(scope, ActionsNames.lookup(name));
    }

    public Page<Variable> list(ActionsScope scope, PageRequest page) {
        return store.list(scope, page);
    }

    /** @throws GantryException NOT_FOUND when there is none of that name */
    public void delete(ActionsScope scope, String name) {
        if (!store.delete(scope, ActionsNames.lookup(name))) {
            throw GantryException.notFound();
        }
    }

    /** The organization's variables that reach the repository, by name. */
    public Page<Variable> organizationVariablesFor(Repository repository, PageRequest page) {
        return Page.of(levels.reaching(repository, store::all, store.selectedRepositories()), page);
    }

    /** The selected-repositories operations of organization variables. */
    public SelectedRepositories selectedRepositories() {
        return selectedRepositories;
    }

    /**
     * The {@code vars} context of a job of the repository: the organization's variables that reach
     * it, then its own, then its environment's (when the job names one), a later level winning a clash.
     * Without an environment it is also the context of the run's {@code run-name}, plans and {@code if:}s.
     */
    public Map<String, String> forJob(long repositoryId, OptionalLong environmentId) {
        Map<String, String> values = new LinkedHashMap<>();
        levels.forJob(repositoryId, environmentId, store::all, store.selectedRepositories())
                .forEach(variable -> values.put(variable.name(), variable.value()));
        return values;
    }

    private static void checkValue(String value) {
        if (value.getBytes(StandardCharsets.UTF_8).length > MAX_VALUE_BYTES) {
            throw GantryException.invalid("Validation Failed", FieldError.custom(RESOURCE, "value",
                    "Variable value must be less than 48 KB"));
        }
    }

    private static int limit(ActionsScope scope) {
        return switch (scope.kind()) {
            case ORGANIZATION -> MAX_ORGANIZATION_VARIABLES;
            case REPOSITORY -> MAX_REPOSITORY_VARIABLES;
            case ENVIRONMENT -> MAX_ENVIRONMENT_VARIABLES;
            case ENTERPRISE -> throw new IllegalArgumentException("variables are never the enterprise's");
        };
    }

    /** GitHub's answer to a variable name that its scope already holds. */
    private static GantryException alreadyExists() {
        return new GantryException(ErrorCategory.CONFLICT, "Already exists - Variable already exists");
    }
}
