package dev.gantry.engine.scope;

import dev.gantry.engine.FieldError;
import dev.gantry.engine.GantryException;
import dev.gantry.engine.repository.Repository;
import dev.gantry.engine.repository.Visibility;
import java.util.List;
import java.util.function.Supplier;

/**
 * Which repositories an organization's secret or variable reaches: {@code all}, {@code private}
 * (private and internal ones) or {@code selected} (those listed for it).
 */
public final class OrganizationVisibility {
    public static final String SELECTED = "selected";
    private static final List<String> VALUES = List.of("all", "private", SELECTED);

    private OrganizationVisibility() {}

    /**
     * GitHub's 422s for a missing (on create) or unknown visibility.
     *
     * @param resource {@code Secret} or {@code Variable}
     * @param required whether the request must name one (it creates the item)
     */
    public static void check(String resource, String visibility, boolean required) {
        if (visibility == null && required) {
            throw GantryException.invalid("Invalid request.\n\n\"visibility\" wasn't supplied.",
                    FieldError.missingField(resource, "visibility"));
        }
        if (visibility != null && !VALUES.contains(visibility)) {
            throw GantryException.invalid("Invalid request.\n\nFor 'properties/visibility', \"" + visibility
                    + "\" is not a member of enum.", FieldError.invalid(resource, "visibility"));
        }
    }

    /** @param selected the item's selected repositories, asked only for {@code selected} */
    public static boolean reaches(String visibility, Repository repository, Supplier<List<Long>> selected) {
        return switch (visibility == null ? "all" : visibility) {
            case "private" -> repository.visibility() != Visibility.PUBLIC;
            case SELECTED -> selected.get().contains(repository.id());
            default -> true;
        };
    }
}
