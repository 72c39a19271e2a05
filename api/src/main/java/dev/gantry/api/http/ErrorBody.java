package dev.gantry.api.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.gantry.engine.FieldError;
import java.util.List;

/** GitHub's error body: {@code {"message", "documentation_url", "status"}}, plus {@code errors} on a 422. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorBody(String message, List<WireFieldError> errors, String documentationUrl, String status) {
    /** One entry of {@code errors}; {@code message} only for {@code custom} errors. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record WireFieldError(String resource, String field, String code, String message) {
        static WireFieldError of(FieldError error) {
            return new WireFieldError(error.resource(), error.field(), error.code(), error.message());
        }
    }

    public static ErrorBody of(int status, String message, List<FieldError> errors, String documentationUrl) {
        return new ErrorBody(message, errors.isEmpty() ? null : errors.stream().map(WireFieldError::of).toList(),
                documentationUrl, Integer.toString(status));
    }
}
