package dev.gantry.engine.hooks;

import java.time.Duration;
import java.util.Map;

/** Sends one delivery over HTTP (the HTTP edge implements it). */
public interface HookTransport {
    /**
     * POSTs {@code body} to {@code url} with {@code headers}. Never throws for what the receiver
     * does: a refused connection or a timeout is an {@link Outcome} with status code 0.
     *
     * @param verifyTls false when the hook says {@code insecure_ssl: "1"}
     */
    Outcome send(String url, boolean verifyTls, Map<String, String> headers, byte[] body);

    /**
     * @param statusCode the response's status, 0 when none came
     * @param status GitHub's words: {@code OK}, {@code Invalid HTTP Response: 500}, {@code failed to connect to host}
     */
    record Outcome(int statusCode, String status, Duration duration) {
        public boolean delivered() {
            return statusCode >= 200 && statusCode < 300;
        }
    }
}
