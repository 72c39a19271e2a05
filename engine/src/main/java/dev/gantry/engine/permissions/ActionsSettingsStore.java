package dev.gantry.engine.permissions;

import java.util.List;
import java.util.Optional;

/**
 * Actions settings of enterprises, organizations and repositories, each a small JSON document
 * under a name ({@code policy}, {@code workflow}, {@code retention} …), and the id lists some of
 * them select (the repositories an organization enables, …). Deleting a repository or an
 * organization deletes its settings and removes it from every list.
 */
public interface ActionsSettingsStore {
    /** The setting's JSON text; empty when never set. */
    Optional<String> find(SettingsScope scope, String name);

    /** Inserts or replaces the setting. */
    void put(SettingsScope scope, String name, String json);

    /** The ids a list selects (repositories, or organizations for the enterprise), ascending. */
    List<Long> selection(SettingsScope scope, String list);

    /** Replaces the list. */
    void setSelection(SettingsScope scope, String list, List<Long> ids);

    /** @return false if it was selected already */
    boolean addToSelection(SettingsScope scope, String list, long id);

    /** @return false if it was not selected */
    boolean removeFromSelection(SettingsScope scope, String list, long id);
}
