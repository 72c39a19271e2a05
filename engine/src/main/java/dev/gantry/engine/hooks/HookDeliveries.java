package dev.gantry.engine.hooks;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends what the outbox holds: each due delivery is claimed with a lease (so two nodes never send
 * it at once), POSTed with GitHub's headers and signature, and its attempt recorded. A delivery that
 * fails is tried again after {@code firstRetry}, doubling each time, until {@code maxAttempts};
 * then it is given up (its attempts stay listed).
 */
public final class HookDeliveries {
    private static final Logger LOG = LoggerFactory.getLogger(HookDeliveries.class);
    /** How long a claimed delivery is held: longer than a send may take (the transport times out sooner). */
    static final Duration LEASE = Duration.ofMinutes(1);
    static final int BATCH = 20;
    public static final Duration DEFAULT_FIRST_RETRY = Duration.ofSeconds(5);
    public static final int DEFAULT_MAX_ATTEMPTS = 8;

    private final HookStore hooks;
    private final HookDeliveryStore deliveries;
    private final Hooks secrets;
    private final HookTransport transport;
    private final String userAgent;
    private final Duration firstRetry;
    private final int maxAttempts;
    private final Clock clock;

    /** @param userAgent GitHub's {@code GitHub-Hookshot/<version>} */
    public HookDeliveries(HookStore hooks, HookDeliveryStore deliveries, Hooks secrets, HookTransport transport, String userAgent,
            Duration firstRetry, int maxAttempts, Clock clock) {
        this.hooks = Objects.requireNonNull(hooks, "hooks");
        this.deliveries = Objects.requireNonNull(deliveries, "deliveries");
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.transport = Objects.requireNonNull(transport, "transport");
        this.userAgent = Objects.requireNonNull(userAgent, "userAgent");
        this.firstRetry = Objects.requireNonNull(firstRetry, "firstRetry");
        this.maxAttempts = maxAttempts;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Sends the deliveries due now, one after another, in the order they were queued; returns how
     * many were tried. When the calling thread is interrupted (the server stopping), what it has
     * not sent is given back untried rather than recorded as failed.
     */
    public int deliverDue() {
        int tried = 0;
        List<HookDelivery> due;
        do {
            due = deliveries.claimDue(clock.instant(), LEASE, BATCH);
            for (HookDelivery delivery : due) {
                if (Thread.currentThread().isInterrupted() || !deliver(delivery)) {
                    deliveries.release(delivery.id());
                    continue;
                }
                tried++;
            }
        } while (due.size() == BATCH && !Thread.currentThread().isInterrupted());
        return tried;
    }

    /** @return false when the send was interrupted and nothing is recorded */
    private boolean deliver(HookDelivery delivery) {
        Optional<Hook> found = hooks.findById(delivery.hookId());
        if (found.isEmpty()) {
            return true;
        }
        Hook hook = found.get();
        byte[] body = body(hook, delivery.payload());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("User-Agent", userAgent);
        headers.put("Content-Type", hook.contentType().equals("json") ? "application/json" : "application/x-www-form-urlencoded");
        headers.put("X-GitHub-Event", delivery.event());
        headers.put("X-GitHub-Delivery", delivery.guid());
        headers.put("X-GitHub-Hook-ID", Long.toString(hook.id()));
        headers.put("X-GitHub-Hook-Installation-Target-Type", hook.owner().kind() == HookOwner.Kind.REPOSITORY ? "repository" : "organization");
        headers.put("X-GitHub-Hook-Installation-Target-ID", Long.toString(hook.owner().id()));
        secrets.secretOf(hook).ifPresent(secret -> {
            headers.put("X-Hub-Signature-256", "sha256=" + hmac("HmacSHA256", secret, body));
            headers.put("X-Hub-Signature", "sha1=" + hmac("HmacSHA1", secret, body));
        });
        Instant started = clock.instant();
        HookTransport.Outcome outcome = transport.send(hook.url(), !hook.insecureSsl().equals("1"), headers, body);
        if (Thread.currentThread().isInterrupted()) {
            return false;
        }
        int attempt = delivery.attempts() + 1;
        boolean delivered = outcome.delivered();
        Instant retryAt = delivered || attempt >= maxAttempts ? null : clock.instant().plus(backoff(attempt));
        deliveries.recordAttempt(delivery, started, outcome.duration(), outcome.status(), outcome.statusCode(), delivered, retryAt);
        hooks.recordLastResponse(hook.id(), new Hook.LastResponse(outcome.statusCode() == 0 ? null : outcome.statusCode(),
                delivered ? "active" : "failed", outcome.status()));
        if (!delivered) {
            // The URL may carry credentials in its user part or query: log only the hook and the outcome.
            LOG.info("webhook {} delivery {} ({}) failed: {}{}", hook.id(), delivery.guid(), delivery.event(), outcome.status(),
                    retryAt == null ? ", given up" : ", retrying at " + retryAt);
        }
        return true;
    }

    /** The wait before attempt {@code attempt + 1}: {@code firstRetry}, doubled per attempt. */
    Duration backoff(int attempt) {
        return firstRetry.multipliedBy(1L << Math.min(attempt - 1, 20));
    }

    /** {@code json} sends the payload as is; {@code form} as GitHub does, one {@code payload} field. */
    private static byte[] body(Hook hook, String payload) {
        String body = hook.contentType().equals("json") ? payload
                : "payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8);
        return body.getBytes(StandardCharsets.UTF_8);
    }

    static String hmac(String algorithm, byte[] key, byte[] body) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is not available", e);
        }
    }
}
