package dev.gantry.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Talks to a real HTTP server on a free port that answers canned responses, GitHub-like or not. */
class TestTestingGitHubClient {
    private record Canned(int status, String contentType, String body, Map<String, String> headers) {
    }

    private record Received(String method, String pathAndQuery, Map<String, List<String>> headers, String body) {
    }

    private final Map<String, Canned> answers = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private String baseUrl;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.start();
        baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String pathAndQuery = exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
        received.add(new Received(exchange.getRequestMethod(), pathAndQuery, Map.copyOf(exchange.getRequestHeaders()),
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
        Canned canned = answers.getOrDefault(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath(),
                new Canned(404, "application/json", "{\"message\":\"Not Found\"}", Map.of()));
        byte[] body = canned.body().getBytes(StandardCharsets.UTF_8);
        if (canned.contentType() != null) {
            exchange.getResponseHeaders().set("Content-Type", canned.contentType());
        }
        canned.headers().forEach(exchange.getResponseHeaders()::set);
        exchange.sendResponseHeaders(canned.status(), body.length == 0 ? -1 : body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private void given(String methodAndPath, int status, String body) {
        answers.put(methodAndPath, new Canned(status, body.isEmpty() ? null : "application/json; charset=utf-8", body, Map.of()));
    }

    @Test
    void sendsGitHubsDefaultHeadersAndTheToken() {
        given("GET /", 200, GitHubBodies.root().toString());

        TestingResponse response = new TestingGitHubClient(baseUrl, "ghp_secret").get("/?per_page=2");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("user_url").asText()).isEqualTo(GitHubBodies.API + "/user");
        Received request = received.getFirst();
        assertThat(request.pathAndQuery()).isEqualTo("/?per_page=2");
        assertThat(request.headers().get("Accept")).containsExactly("application/vnd.github+json");
        assertThat(request.headers().get("X-github-api-version")).containsExactly("2022-11-28");
        assertThat(request.headers().get("Authorization")).containsExactly("Bearer ghp_secret");
    }

    @Test
    void copiesChangeHeadersWithoutChangingTheOriginal() {
        given("GET /", 200, GitHubBodies.root().toString());
        TestingGitHubClient anonymous = new TestingGitHubClient(baseUrl);

        anonymous.withToken("one").withHeader("X-GitHub-Api-Version", "2026-03-10").get("/");
        anonymous.get("/");

        assertThat(received.get(0).headers().get("Authorization")).containsExactly("Bearer one");
        assertThat(received.get(0).headers().get("X-github-api-version")).containsExactly("2026-03-10");
        assertThat(received.get(1).headers()).doesNotContainKey("Authorization");
        assertThat(received.get(1).headers().get("X-github-api-version")).containsExactly("2022-11-28");
    }

    @Test
    void sendsJsonBodiesFromStringsOrObjectsUnderAnEnterpriseBaseUrl() {
        given("POST /api/v3/repos/octo/hello/actions/variables", 201, "{}");
        given("PATCH /api/v3/repos/octo/hello/actions/variables/COLOR", 204, "");
        TestingGitHubClient client = new TestingGitHubClient(baseUrl + "/api/v3/", "token");

        client.post("/repos/octo/hello/actions/variables", "{\"name\":\"COLOR\",\"value\":\"red\"}").requireStatus(201);
        client.patch("/repos/octo/hello/actions/variables/COLOR", Map.of("value", "blue")).requireStatus(204);

        assertThat(received).extracting(Received::method, Received::pathAndQuery, Received::body).containsExactly(
                tuple("POST", "/api/v3/repos/octo/hello/actions/variables", "{\"name\":\"COLOR\",\"value\":\"red\"}"),
                tuple("PATCH", "/api/v3/repos/octo/hello/actions/variables/COLOR", "{\"value\":\"blue\"}"));
        assertThat(received.get(1).headers().get("Content-type")).containsExactly("application/json");
    }

    @Test
    void failsWhenTheServerAnswersOutsideTheSpec() {
        given("GET /repos/octo/hello", 200, "{\"id\":\"forty-two\"}");
        TestingGitHubClient client = new TestingGitHubClient(baseUrl, "token");

        assertThatThrownBy(() -> client.get("/repos/octo/hello"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("repos/get")
                .hasMessageContaining("/id: string found, integer expected");
    }

    @Test
    void doesNotFollowRedirects() {
        answers.put("GET /repos/octo/hello/actions/runs/42/logs",
                new Canned(302, null, "", Map.of("Location", "http://127.0.0.1:1/blob?signature=abc")));

        TestingResponse response = new TestingGitHubClient(baseUrl, "token").get("/repos/octo/hello/actions/runs/42/logs");

        assertThat(response.status()).isEqualTo(302);
        assertThat(response.header("location")).contains("http://127.0.0.1:1/blob?signature=abc");
        assertThat(received).hasSize(1);
    }

    @Test
    void rawRequestsAreNotValidated() {
        answers.put("GET /octo/hello.git/info/refs", new Canned(200, "application/x-git-upload-pack-advertisement", "001e# service=git-upload-pack\n", Map.of()));

        TestingResponse response = new TestingGitHubClient(baseUrl).rawRequest("GET", "/octo/hello.git/info/refs?service=git-upload-pack");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).startsWith("001e#");
    }

    @Test
    void requireStatusShowsTheBody() {
        given("GET /repos/octo/hello", 404, "{\"message\":\"Not Found\"}");

        assertThatThrownBy(() -> new TestingGitHubClient(baseUrl).get("/repos/octo/hello").requireStatus(200))
                .isInstanceOf(AssertionError.class)
                .hasMessage("GET /repos/octo/hello answered 404, expected 200; body: {\"message\":\"Not Found\"}");
    }
}
