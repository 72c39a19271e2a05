package dev.gantry.api.http;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * The URLs Gantry advertises in {@code url}/{@code html_url} fields and {@code Link} headers, built
 * from {@code --public-url}. API URLs carry GitHub Enterprise Server's {@code /api/v3} prefix so
 * that clients given the public URL as a GHES host find everything where they expect it.
 */
public final class ApiUrls {
    private final Supplier<String> publicUrl;

    private ApiUrls(Supplier<String> publicUrl) {
        this.publicUrl = publicUrl;
    }

    public static ApiUrls of(String publicUrl) {
        String base = trim(Objects.requireNonNull(publicUrl, "publicUrl"));
        return new ApiUrls(() -> base);
    }

    /**
     * URLs whose base is known only once the server has bound its port (when it was asked for
     * port 0); {@code publicUrl} is read on every use and must be ready before the first request.
     */
    public static ApiUrls deferred(Supplier<String> publicUrl) {
        return new ApiUrls(() -> trim(Objects.requireNonNull(publicUrl.get(), "public URL not known yet")));
    }

    public String publicUrl() {
        return publicUrl.get();
    }

    /** {@code https://host/api/v3} + path. */
    public String api(String path) {
        return publicUrl.get() + "/api/v3" + path;
    }

    /** {@code https://host} + path: what a person opens in a browser, and where git clones from. */
    public String html(String path) {
        return publicUrl.get() + path;
    }

    private static String trim(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
