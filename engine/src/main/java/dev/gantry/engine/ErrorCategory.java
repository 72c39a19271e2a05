package dev.gantry.engine;

/** What kind of failure a {@link GantryException} is; the HTTP edge owns the status code for each. */
public enum ErrorCategory {
    /** The request itself is malformed (400). */
    BAD_REQUEST,
    /** No credentials, or credentials that are not valid (401). */
    UNAUTHENTICATED,
    /** The caller can see the resource but may not do this (403). */
    FORBIDDEN,
    /** The resource does not exist, or the caller may not know that it does (404). */
    NOT_FOUND,
    /** The resource's state forbids the operation (409). */
    CONFLICT,
    /** The resource existed and is gone for good (410). */
    GONE,
    /** Field-level validation failed (422, with {@code errors}). */
    VALIDATION_FAILED,
    /** The request body is larger than the server accepts (413). */
    PAYLOAD_TOO_LARGE
}
