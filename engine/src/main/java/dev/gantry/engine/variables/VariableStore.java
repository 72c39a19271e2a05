package dev.gantry.engine.variables;

import dev.gantry.engine.scope.ActionsScope;
import dev.gantry.engine.scope.SelectedRepositoryStore;
import dev.gantry.engine.store.Page;
import dev.gantry.engine.store.PageRequest;
import java.util.List;
import java.util.Optional;

/** Variables by scope. Names are stored as given; callers upper-case them. */
public interface VariableStore {
    /** @return false, storing nothing, when the scope has a variable of that name */
    boolean create(Variable variable);

    /**
     * Replaces the variable named {@code name} by {@code changed} (which may carry a new name),
     * keeping its creation time and selected repositories.
     */
    Update update(String name, Variable changed);

    enum Update { DONE, MISSING, NAME_TAKEN }

    Optional<Variable> find(ActionsScope scope, String name);

    /** Ordered by name. */
    Page<Variable> list(ActionsScope scope, PageRequest page);

    /** Every variable of the scope, ordered by name. */
    List<Variable> all(ActionsScope scope);

    long count(ActionsScope scope);

    /** @return false if there was none */
    boolean delete(ActionsScope scope, String name);

    /** The repositories organization variables of visibility {@code selected} reach; a rename carries them. */
    SelectedRepositoryStore selectedRepositories();
}
