package dev.gantry.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * What GitHub's {@code encoded_jit_config} holds here (base64 of this JSON): where the server is,
 * which runner it starts, and the one-time secret {@code gantry runner run --jitconfig} trades
 * for the runner's credential ({@code POST /jit}).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record JitConfig(
        @JsonProperty("server_url") String serverUrl,
        @JsonProperty("runner_id") long runnerId,
        @JsonProperty("name") String name,
        @JsonProperty("work_folder") String workFolder,
        @JsonProperty("jit_secret") String jitSecret) {
    public JitConfig {
        Objects.requireNonNull(serverUrl, "server_url");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(jitSecret, "jit_secret");
    }

    @Override
    public String toString() {
        return "JitConfig[server_url=" + serverUrl + ", runner_id=" + runnerId + ", name=" + name + "]";
    }
}
