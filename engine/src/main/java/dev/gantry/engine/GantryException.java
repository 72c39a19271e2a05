package dev.gantry.engine;

import java.util.List;
import java.util.Objects;

/**
 * The one exception the domain throws for anything a caller can get wrong. The HTTP edge maps
 * {@link ErrorCategory} to a status code in exactly one place, so use cases never think about HTTP.
 */
public class GantryException extends RuntimeException {
    private final ErrorCategory category;
    private final List<FieldError> fieldErrors;

    public GantryException(ErrorCategory category, String message) {
        this(category, message, List.of());
    }

    public GantryException(ErrorCategory category, String message, List<FieldError> fieldErrors) {
        super(message, null, false, false);
        this.category = Objects.requireNonNull(category, "category");
        this.fieldErrors = List.copyOf(fieldErrors);
    }

    public ErrorCategory category() {
        return category;
    }

    /** GitHub's {@code errors} array of a 422; empty for other categories. */
    public List<FieldError> fieldErrors() {
        return fieldErrors;
    }

    public static GantryException notFound() {
        return new GantryException(ErrorCategory.NOT_FOUND, "Not Found");
    }

    public static GantryException invalid(String message, FieldError... errors) {
        return new GantryException(ErrorCategory.VALIDATION_FAILED, message, List.of(errors));
    }
}
