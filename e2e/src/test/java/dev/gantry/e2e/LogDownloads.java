package dev.gantry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.testing.TestingGitHubClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** Follows a log download's 302 to its signed link, as a client does, without resending credentials. */
final class LogDownloads {
    private LogDownloads() {}

    /** The entries of a run's (or an attempt's) log zip, by name. */
    static Map<String, String> runArchive(TestingGitHubClient client, String logsPath) {
        byte[] zip = follow(client, logsPath);
        Map<String, String> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                entries.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }

    /** The body the signed link of {@code logsPath} serves. */
    static byte[] follow(TestingGitHubClient client, String logsPath) {
        String location = client.get(logsPath).requireStatus(302).header("Location").orElseThrow();
        HttpResponse<byte[]> response = get(location);
        assertThat(response.statusCode()).as(location).isEqualTo(200);
        return response.body();
    }

    static HttpResponse<byte[]> get(String url) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
