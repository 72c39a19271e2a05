package dev.gantry.api.hooks;

import dev.gantry.engine.hooks.HookTransport;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Webhook deliveries over the JDK's HTTP client: GitHub's 10-second timeout, redirects not
 * followed, the response body read and dropped. {@code insecure_ssl: "1"} hooks go through a second
 * client that trusts any certificate, as the hook's owner asked.
 */
public final class HttpHookTransport implements HookTransport {
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient verifying;
    private final HttpClient trusting;

    public HttpHookTransport() {
        this.verifying = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
        this.trusting = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER)
                .sslContext(trustingContext()).build();
    }

    @Override
    public Outcome send(String url, boolean verifyTls, Map<String, String> headers, byte[] body) {
        long started = System.nanoTime();
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            headers.forEach(request::setHeader);
            HttpResponse<Void> response = (verifyTls ? verifying : trusting).send(request.build(), HttpResponse.BodyHandlers.discarding());
            int code = response.statusCode();
            return new Outcome(code, code >= 200 && code < 300 ? "OK" : "Invalid HTTP Response: " + code, since(started));
        } catch (HttpTimeoutException e) {
            return new Outcome(0, "timed out", since(started));
        } catch (ConnectException e) {
            return new Outcome(0, "failed to connect to host", since(started));
        } catch (IOException | IllegalArgumentException e) {
            return new Outcome(0, "failed to connect to host", since(started));
        } catch (InterruptedException e) {
            // The server is stopping: the caller gives the delivery back untried.
            Thread.currentThread().interrupt();
            return new Outcome(0, "interrupted", since(started));
        }
    }

    private static Duration since(long started) {
        return Duration.ofNanos(System.nanoTime() - started);
    }

    private static SSLContext trustingContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is not available", e);
        }
    }
}
