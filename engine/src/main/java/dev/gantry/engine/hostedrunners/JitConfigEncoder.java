package dev.gantry.engine.hostedrunners;

import dev.gantry.engine.runners.RegisteredRunner;

/** Turns a just-registered JIT runner into the {@code encoded_jit_config} a runner starts from (the HTTP edge knows the server's URL). */
@FunctionalInterface
public interface JitConfigEncoder {
    String encode(RegisteredRunner runner);
}
