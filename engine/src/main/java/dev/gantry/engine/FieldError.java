package dev.gantry.engine;

import java.util.Objects;

/**
 * One entry of GitHub's {@code errors} array in a 422 answer, e.g.
 * {@code {"resource":"Repository","code":"custom","field":"name","message":"name already exists on this account"}}.
 *
 * @param code GitHub's codes: {@code missing}, {@code missing_field}, {@code invalid}, {@code already_exists},
 *     {@code unprocessable} or {@code custom}
 * @param message only for {@code custom} errors; may be null otherwise
 */
public record FieldError(String resource, String field, String code, String message) {
    public FieldError {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(code, "code");
    }

    public static FieldError custom(String resource, String field, String message) {
        return new FieldError(resource, field, "custom", message);
    }

    public static FieldError invalid(String resource, String field) {
        return new FieldError(resource, field, "invalid", null);
    }

    public static FieldError missingField(String resource, String field) {
        return new FieldError(resource, field, "missing_field", null);
    }

    public static FieldError alreadyExists(String resource, String field) {
        return new FieldError(resource, field, "already_exists", null);
    }
}
