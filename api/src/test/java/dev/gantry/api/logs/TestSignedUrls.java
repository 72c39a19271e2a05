package dev.gantry.api.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestSignedUrls {
    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes();
    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    private static SignedUrls at(Instant instant) {
        return new SignedUrls(KEY, Clock.fixed(instant, ZoneOffset.UTC));
    }

    private static Map<String, String> query(String link) {
        Map<String, String> query = new HashMap<>();
        Arrays.stream(URI.create(link).getRawQuery().split("&")).map(pair -> pair.split("=", 2))
                .forEach(pair -> query.put(pair[0], pair[1]));
        return query;
    }

    @Test
    void aLinkHoldsForItsPathWithinAMinute() {
        String link = at(NOW).sign("/_gantry/logs/1/jobs/7");
        Map<String, String> query = query(link);

        assertThat(link).startsWith("/_gantry/logs/1/jobs/7?expires=");
        assertThat(at(NOW.plusSeconds(59)).verify("/_gantry/logs/1/jobs/7", query.get("expires"), query.get("signature"))).isTrue();
        assertThat(at(NOW.plusSeconds(61)).verify("/_gantry/logs/1/jobs/7", query.get("expires"), query.get("signature")))
                .as("expired").isFalse();
        assertThat(at(NOW).verify("/_gantry/logs/1/jobs/8", query.get("expires"), query.get("signature")))
                .as("another job").isFalse();
        long later = Long.parseLong(query.get("expires")) + 3600;
        assertThat(at(NOW).verify("/_gantry/logs/1/jobs/7", Long.toString(later), query.get("signature")))
                .as("stretched").isFalse();
        assertThat(at(NOW).verify("/_gantry/logs/1/jobs/7", "soon", query.get("signature"))).isFalse();
        assertThat(at(NOW).verify("/_gantry/logs/1/jobs/7", null, null)).isFalse();
    }

    @Test
    void anotherKeySignsDifferently() {
        String link = at(NOW).sign("/p");
        SignedUrls other = new SignedUrls("fedcba9876543210fedcba9876543210".getBytes(), Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(other.verify("/p", query(link).get("expires"), query(link).get("signature"))).isFalse();
        assertThatThrownBy(() -> new SignedUrls(new byte[8], Clock.systemUTC())).isInstanceOf(IllegalArgumentException.class);
    }
}
