package dev.gantry.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.protocol.ProtocolVersion;
import dev.gantry.protocol.RegisterRequest;
import dev.gantry.protocol.RegisterResponse;
import dev.gantry.testing.TestingGitHubClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * Speaks the runner protocol by hand, so a test can play a runner step by step (hold a job, let
 * its lease lapse, resend a chunk) where the real runner would just get on with it.
 */
final class ProtocolClient {
    record Answer(int status, String body) {
        <T> T as(Class<T> type) {
            try {
                return JSON.readValue(body, type);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String baseUrl;
    private final String credential;

    ProtocolClient(String baseUrl, String credential) {
        this.baseUrl = baseUrl;
        this.credential = credential;
    }

    /** Registers runner {@code name} for {@code fullName} with a registration token its owner asks the REST API for. */
    static RegisterResponse register(String baseUrl, TestingGitHubClient owner, String fullName, String name,
                                     List<String> labels) {
        String token = owner.post("/repos/" + fullName + "/actions/runners/registration-token").requireStatus(201)
                .json().get("token").asText();
        Answer answer = new ProtocolClient(baseUrl, null).post("/register",
                new RegisterRequest(token, name, labels, "Linux", "X64", "test", false));
        if (answer.status() != 201) {
            throw new AssertionError("registration answered " + answer.status() + ": " + answer.body());
        }
        return answer.as(RegisterResponse.class);
    }

    ProtocolClient withCredential(String credential) {
        return new ProtocolClient(baseUrl, credential);
    }

    Answer post(String path, Object body) {
        return send("POST", path, json(body), "application/json");
    }

    Answer put(String path, String text) {
        return send("PUT", path, text, "text/plain; charset=utf-8");
    }

    private Answer send(String method, String path, String body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + ProtocolVersion.PATH_PREFIX + path))
                .timeout(Duration.ofSeconds(70))
                .header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        if (credential != null) {
            request.header("Authorization", "Bearer " + credential);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String json(Object body) {
        try {
            return body instanceof String text ? text : JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
