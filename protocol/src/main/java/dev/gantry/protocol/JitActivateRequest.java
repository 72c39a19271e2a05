package dev.gantry.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * {@code POST /jit}: a just-in-time runner starting from its JIT config trades the config's
 * one-time secret for its credential. Works once; the answer is a {@link RegisterResponse}. The
 * runner reports its {@code os} and {@code arch} (GitHub's spelling, as in {@link RegisterRequest}),
 * which become its read-only labels: the config was generated before anyone knew the machine.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record JitActivateRequest(@JsonProperty("jit_secret") String jitSecret, @JsonProperty("version") String version,
                                 @JsonProperty("os") String os, @JsonProperty("arch") String arch) {
    public JitActivateRequest {
        Objects.requireNonNull(jitSecret, "jit_secret");
    }

    /** Keeps the secret out of logs and exception messages. */
    @Override
    public String toString() {
        return "JitActivateRequest[version=" + version + "]";
    }
}
