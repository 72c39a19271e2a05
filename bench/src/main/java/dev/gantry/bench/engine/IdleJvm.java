package dev.gantry.bench.engine;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The reference for Gantry's start-up time and idle memory: the least a JVM that answers HTTP
 * costs on this machine (the JDK's built-in server, one JSON answer on every path), started the
 * same way, on the same JDK with the same default options.
 */
public final class IdleJvm {
    private IdleJvm() {}

    public static void main(String[] arguments) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(arguments[0])), 0);
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        server.createContext("/", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }
}
