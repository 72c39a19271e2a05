package dev.gantry.engine.scope;

import java.util.List;

/** The repositories an organization secret or variable of visibility {@code selected} reaches, by the item's name. */
public interface SelectedRepositoryStore {
    /** By repository id. */
    List<Long> list(ActionsScope scope, String name);

    /** Replaces the item's selected repositories. */
    void set(ActionsScope scope, String name, List<Long> repositoryIds);

    /** @return false if it was selected already */
    boolean add(ActionsScope scope, String name, long repositoryId);

    /** @return false if it was not selected */
    boolean remove(ActionsScope scope, String name, long repositoryId);
}
