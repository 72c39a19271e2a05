package dev.gantry.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * {@code POST /remove}: a runner unregisters itself with a remove token (GitHub's
 * {@code POST …/actions/runners/remove-token}); authenticated by the runner's credential too.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RemoveRequest(@JsonProperty("remove_token") String removeToken) {
    public RemoveRequest {
        Objects.requireNonNull(removeToken, "remove_token");
    }

    @Override
    public String toString() {
        return "RemoveRequest[]";
    }
}
