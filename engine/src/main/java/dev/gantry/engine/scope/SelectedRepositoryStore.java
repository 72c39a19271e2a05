package dev.gantry.engine.scope;

import java.util.List;

/** The repositories an organization secret or variable of visibility {@code selected} reaches, by name. */
public interface SelectedRepositoryStore {
    /** By repository id. */
    List<Long> selectedRepositories(ActionsScope scope, String name);

    /** Replaces the item's selected repositories. */
    void setSelectedRepositories(ActionsScope scope, String name, List<Long> repositoryIds);

    /** @return false if it was selected already */
    boolean addSelectedRepository(ActionsScope scope, String name, long repositoryId);

    /** @return false if it was not selected */
    boolean removeSelectedRepository(ActionsScope scope, String name, long repositoryId);
}
