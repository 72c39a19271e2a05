package dev.gantry.bench.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * nginx serving {@code www} and accepting WebDAV PUTs under {@code /up/}, as its own process on a
 * free port: the reference every throughput figure of the suite is divided by, on the same machine
 * in the same run. One worker process, as the server under test has the same cores to itself.
 */
record Nginx(Process process, int port) implements AutoCloseable {
    static Nginx start(Path directory, Path www) throws IOException {
        int port = GantryProcess.freePort();
        Files.createDirectories(www.resolve("up"));
        Path config = directory.resolve("nginx.conf");
        Files.writeString(config, """
                daemon off;
                master_process off;
                user root;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log;
                events {}
                http {
                  access_log off;
                  sendfile on;
                  default_type application/json;
                  client_body_temp_path %1$s/body;
                  proxy_temp_path %1$s/proxy;
                  fastcgi_temp_path %1$s/fastcgi;
                  uwsgi_temp_path %1$s/uwsgi;
                  scgi_temp_path %1$s/scgi;
                  server {
                    listen 127.0.0.1:%2$d;
                    root %3$s;
                    client_max_body_size 0;
                    location /up/ { dav_methods PUT; create_full_put_path on; }
                  }
                }
                """.formatted(directory.toAbsolutePath(), port, www.toAbsolutePath()));
        Process process = new ProcessBuilder("nginx", "-c", config.toAbsolutePath().toString(), "-p", directory.toAbsolutePath().toString())
                .redirectErrorStream(true).redirectOutput(directory.resolve("nginx.out").toFile()).start();
        Nginx nginx = new Nginx(process, port);
        Instant deadline = Instant.now().plusSeconds(10);
        while (true) {
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
                return nginx;
            } catch (IOException notYet) {
                if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                    process.destroy();
                    throw new IllegalStateException("nginx did not start: " + Files.readString(directory.resolve("nginx.out")));
                }
                GantryProcess.sleep(Duration.ofMillis(50));
            }
        }
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    @Override
    public void close() {
        process.destroy();
    }
}
