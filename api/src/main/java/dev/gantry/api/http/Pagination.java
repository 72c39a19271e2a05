package dev.gantry.api.http;

import dev.gantry.engine.store.PageRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * GitHub's {@code page}/{@code per_page} parameters (default 30, at most 100; values that are not
 * positive numbers fall back to the defaults, as GitHub does) and the {@code Link} header that
 * points to the first, previous, next and last pages.
 */
public final class Pagination {
    public static final int DEFAULT_PER_PAGE = 30;
    public static final int MAX_PER_PAGE = 100;

    private Pagination() {}

    public static PageRequest pageRequest(Map<String, List<String>> query) {
        return pageRequest(query, DEFAULT_PER_PAGE, MAX_PER_PAGE);
    }

    /** For the few operations with their own page sizes (variables: 10 by default, at most 30). */
    public static PageRequest pageRequest(Map<String, List<String>> query, int defaultPerPage, int maxPerPage) {
        int perPage = Math.min(positive(first(query, "per_page"), defaultPerPage), maxPerPage);
        int page = positive(first(query, "page"), 1);
        return new PageRequest(page, perPage);
    }

    /** The {@code Link} header for a page of {@code totalCount} items; null when everything fits on one page. */
    public static String linkHeader(String baseUrl, Map<String, List<String>> query, PageRequest page, long totalCount) {
        long lastPage = Math.max(1, (totalCount + page.perPage() - 1) / page.perPage());
        List<String> links = new ArrayList<>();
        if (page.page() < lastPage) {
            links.add(link(baseUrl, query, page.page() + 1, "next"));
            links.add(link(baseUrl, query, lastPage, "last"));
        }
        if (page.page() > 1) {
            links.add(link(baseUrl, query, 1, "first"));
            links.add(link(baseUrl, query, Math.min(page.page() - 1, lastPage), "prev"));
        }
        return links.isEmpty() ? null : String.join(", ", links);
    }

    private static String link(String baseUrl, Map<String, List<String>> query, long page, String relation) {
        StringBuilder url = new StringBuilder(baseUrl);
        char separator = '?';
        for (Map.Entry<String, List<String>> parameter : query.entrySet()) {
            if (parameter.getKey().equals("page")) {
                continue;
            }
            for (String value : parameter.getValue()) {
                url.append(separator).append(encode(parameter.getKey())).append('=').append(encode(value));
                separator = '&';
            }
        }
        url.append(separator).append("page=").append(page);
        return "<" + url + ">; rel=\"" + relation + "\"";
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static int positive(String value, int fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.strip());
            return parsed >= 1 ? parsed : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
