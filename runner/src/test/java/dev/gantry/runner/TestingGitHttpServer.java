package dev.gantry.runner;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * Serves the bare repositories under a directory over git's smart HTTP protocol, by running
 * {@code git http-backend} as a CGI program, and refuses any request without the expected
 * {@code Authorization} header: the stand-in for the server's git hosting, so that checkout and
 * action downloads are tested with the job token on the wire.
 */
final class TestingGitHttpServer implements AutoCloseable {
    private final HttpServer server;
    private final Path root;
    private final String expectedAuthorization;
    private final List<String> refused = Collections.synchronizedList(new ArrayList<>());

    TestingGitHttpServer(Path root, String expectedAuthorization) throws IOException {
        this.root = root;
        this.expectedAuthorization = expectedAuthorization;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Requests turned away for a missing or wrong credential. */
    List<String> refused() {
        return List.copyOf(refused);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (!expectedAuthorization.equalsIgnoreCase(authorization == null ? "" : authorization)) {
                refused.add(exchange.getRequestURI().getPath());
                exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"gantry\"");
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            ProcessBuilder builder = new ProcessBuilder("git", "http-backend");
            Map<String, String> environment = builder.environment();
            environment.put("GIT_PROJECT_ROOT", root.toString());
            environment.put("GIT_HTTP_EXPORT_ALL", "1");
            environment.put("PATH_INFO", exchange.getRequestURI().getPath());
            environment.put("QUERY_STRING", exchange.getRequestURI().getRawQuery() == null ? "" : exchange.getRequestURI().getRawQuery());
            environment.put("REQUEST_METHOD", exchange.getRequestMethod());
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            environment.put("CONTENT_TYPE", contentType == null ? "" : contentType);
            String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
            if (encoding != null) {
                environment.put("HTTP_CONTENT_ENCODING", encoding);
            }
            environment.put("GIT_PROTOCOL", String.valueOf(exchange.getRequestHeaders().getFirst("Git-Protocol")));
            environment.put("REMOTE_USER", "x-access-token");
            builder.redirectError(ProcessBuilder.Redirect.DISCARD);
            Process process = builder.start();
            try (OutputStream input = process.getOutputStream(); InputStream body = exchange.getRequestBody()) {
                body.transferTo(input);
            }
            byte[] output = process.getInputStream().readAllBytes();
            respond(exchange, output);
        }
    }

    /** Turns the CGI output (headers, blank line, body) into the HTTP response. */
    private static void respond(HttpExchange exchange, byte[] output) throws IOException {
        int split = indexOf(output, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        int separator = 4;
        if (split < 0) {
            split = indexOf(output, "\n\n".getBytes(StandardCharsets.US_ASCII));
            separator = 2;
        }
        String headers = new String(output, 0, Math.max(split, 0), StandardCharsets.US_ASCII);
        int status = 200;
        for (String line : headers.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = line.substring(0, colon).strip();
            String value = line.substring(colon + 1).strip();
            if (name.equalsIgnoreCase("Status")) {
                status = Integer.parseInt(value.substring(0, 3));
            } else {
                exchange.getResponseHeaders().add(name, value);
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(output, split + separator, output.length - split - separator);
        exchange.sendResponseHeaders(status, body.size() == 0 ? -1 : body.size());
        exchange.getResponseBody().write(body.toByteArray());
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= data.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
