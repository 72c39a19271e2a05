package dev.gantry.api.runners;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.engine.runners.RegisteredRunner;
import dev.gantry.protocol.JitConfig;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * {@code encoded_jit_config}: base64 of the {@link JitConfig} JSON, for {@code generate-jitconfig}
 * and for the runners hosted runner pools start.
 */
public final class JitConfigs {
    /** The work folder a config names when the request gives none, as GitHub's. */
    public static final String DEFAULT_WORK_FOLDER = "_work";

    private final ObjectMapper json;

    public JitConfigs(ObjectMapper json) {
        this.json = Objects.requireNonNull(json, "json");
    }

    /** @param registered a JIT runner just generated; its credential is the config's one-time secret */
    public String encode(String serverUrl, RegisteredRunner registered, String workFolder) {
        JitConfig config = new JitConfig(serverUrl, registered.runner().id(), registered.runner().name(), workFolder,
                registered.credential());
        try {
            return Base64.getEncoder().encodeToString(json.writeValueAsString(config).getBytes(StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JIT config always serializes", e);
        }
    }
}
