package dev.gantry.engine.identity;

import dev.gantry.engine.FieldError;
import dev.gantry.engine.GantryException;
import java.util.regex.Pattern;

/** GitHub's rule for user and organization logins: letters, digits and single inner hyphens, at most 39. */
public final class Logins {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}");

    private Logins() {}

    public static String require(String login, String resource) {
        if (login == null || login.isEmpty()) {
            throw GantryException.invalid("Validation Failed", FieldError.missingField(resource, "login"));
        }
        if (!VALID.matcher(login).matches()) {
            throw GantryException.invalid("Validation Failed", FieldError.custom(resource, "login",
                    "login may only contain alphanumeric characters or single hyphens, cannot begin or end with a hyphen,"
                            + " and must be at most 39 characters"));
        }
        return login;
    }
}
