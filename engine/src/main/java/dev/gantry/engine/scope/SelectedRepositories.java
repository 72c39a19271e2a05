package dev.gantry.engine.scope;

import dev.gantry.engine.GantryException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The selected-repositories operations of an organization's secrets or variables: list, replace,
 * add and remove the repositories an item of visibility {@code selected} reaches. An unknown item
 * is NOT_FOUND; an item of another visibility is GitHub's bodiless 409 (an empty or false answer).
 */
public final class SelectedRepositories {
    private final SelectedRepositoryStore store;
    private final BiFunction<ActionsScope, String, Optional<String>> visibilityOf;
    private final boolean listAndSetNeedSelected;

    /**
     * @param visibilityOf an item's visibility by stored name ("" for none); empty when there is no such item
     * @param listAndSetNeedSelected GitHub refuses listing and replacing with 409 for variables, not for secrets
     */
    public SelectedRepositories(SelectedRepositoryStore store, BiFunction<ActionsScope, String, Optional<String>> visibilityOf,
                                boolean listAndSetNeedSelected) {
        this.store = Objects.requireNonNull(store, "store");
        this.visibilityOf = Objects.requireNonNull(visibilityOf, "visibilityOf");
        this.listAndSetNeedSelected = listAndSetNeedSelected;
    }

    /** @return empty when the item's visibility refuses the listing (409) */
    public Optional<List<Long>> list(ActionsScope scope, String name) {
        String stored = ActionsNames.lookup(name);
        if (listAndSetNeedSelected && !selected(scope, stored)) {
            return Optional.empty();
        }
        existing(scope, stored);
        return Optional.of(store.list(scope, stored));
    }

    /**
     * Replaces the repositories; for secrets they count only while the visibility is {@code selected},
     * which GitHub does not require of this operation.
     *
     * @return false, changing nothing, when the item's visibility refuses it (409)
     */
    public boolean set(ActionsScope scope, String name, List<Long> repositoryIds) {
        String stored = ActionsNames.lookup(name);
        if (listAndSetNeedSelected && !selected(scope, stored)) {
            return false;
        }
        existing(scope, stored);
        store.set(scope, stored, repositoryIds);
        return true;
    }

    /** @return false, changing nothing, when the item's visibility is not {@code selected} (409) */
    public boolean add(ActionsScope scope, String name, long repositoryId) {
        return whenSelected(scope, name, stored -> store.add(scope, stored, repositoryId));
    }

    /** @return false, changing nothing, when the item's visibility is not {@code selected} (409) */
    public boolean remove(ActionsScope scope, String name, long repositoryId) {
        return whenSelected(scope, name, stored -> store.remove(scope, stored, repositoryId));
    }

    private boolean whenSelected(ActionsScope scope, String name, java.util.function.Consumer<String> change) {
        String stored = ActionsNames.lookup(name);
        if (!selected(scope, stored)) {
            return false;
        }
        change.accept(stored);
        return true;
    }

    private boolean selected(ActionsScope scope, String stored) {
        return OrganizationVisibility.SELECTED.equals(existing(scope, stored));
    }

    /** The item's visibility ("" when it has none); NOT_FOUND when there is no item. */
    private String existing(ActionsScope scope, String stored) {
        return visibilityOf.apply(scope, stored).orElseThrow(GantryException::notFound);
    }
}
