package dev.gantry.engine.hooks;

import dev.gantry.engine.ErrorCategory;
import dev.gantry.engine.FieldError;
import dev.gantry.engine.GantryException;
import dev.gantry.engine.secrets.MasterKeys;
import dev.gantry.engine.store.Page;
import dev.gantry.engine.store.PageRequest;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * The webhooks of repositories and organizations: create, update, list, delete, ping, with
 * GitHub's defaults ({@code form}, {@code ["push"]}, active) and its 422s. A request that fails
 * validation changes nothing. Secrets are sealed at rest and never leave this class except to sign
 * a delivery.
 */
public final class Hooks {
    private static final String RESOURCE = "Hook";
    /** What a sealed secret is bound to, so a sealed value cannot be moved to another kind of row. */
    private static final String SECRET_BINDING = "webhook-secret";
    private static final Set<String> CONTENT_TYPES = Set.of("json", "form");
    /** More than an owner ever has: GitHub allows 20 hooks per event. */
    private static final int MAX_HOOKS = 100;

    private final HookStore store;
    private final HookDeliveryStore deliveries;
    private final OutboxSignal signal;
    private final MasterKeys masterKeys;
    private final Clock clock;

    public Hooks(HookStore store, HookDeliveryStore deliveries, OutboxSignal signal, MasterKeys masterKeys, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.deliveries = Objects.requireNonNull(deliveries, "deliveries");
        this.signal = Objects.requireNonNull(signal, "signal");
        this.masterKeys = Objects.requireNonNull(masterKeys, "masterKeys");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A hook whose URL another hook of the owner already has is refused, as GitHub does. */
    public Hook create(HookOwner owner, HookRequest request) {
        checkName(request.name());
        if (!request.hasConfig() || request.url() == null) {
            throw GantryException.invalid("Validation Failed", FieldError.custom(RESOURCE, "config", "Config must contain URL for webhooks"));
        }
        String url = url(request.url());
        if (store.list(owner, new PageRequest(1, MAX_HOOKS)).items().stream().anyMatch(hook -> hook.url().equals(url))) {
            throw GantryException.invalid("Validation Failed", FieldError.custom(RESOURCE, null, "Hook already exists on this "
                    + (owner.kind() == HookOwner.Kind.REPOSITORY ? "repository" : "organization")));
        }
        HookSettings settings = new HookSettings(url, contentType(request.contentType(), "form"),
                insecureSsl(request.insecureSsl(), "0"), seal(request.secret(), null),
                events(request.eventsGiven().orElse(List.of("push"))), request.active() == null || request.active());
        return store.create(owner, settings, clock.instant());
    }

    /**
     * Changes what the request names. A {@code config} replaces the URL, content type and TLS
     * setting; one without {@code secret} keeps the secret, an empty {@code secret} removes it.
     */
    public Hook update(HookOwner owner, long id, HookRequest request) {
        Hook hook = get(owner, id);
        checkName(request.name());
        String url = hook.url();
        String contentType = hook.contentType();
        String insecureSsl = hook.insecureSsl();
        MasterKeys.AtRest secret = hook.secret();
        if (request.hasConfig()) {
            if (request.url() == null) {
                throw GantryException.invalid("Validation Failed", FieldError.custom(RESOURCE, "config", "Config must contain URL for webhooks"));
            }
            url = url(request.url());
            contentType = contentType(request.contentType(), "form");
            insecureSsl = insecureSsl(request.insecureSsl(), "0");
            secret = seal(request.secret(), hook.secret());
        }
        LinkedHashSet<String> events = new LinkedHashSet<>(request.eventsGiven().map(this::events).orElse(hook.events()));
        if (request.addEvents() != null) {
            events.addAll(events(request.addEvents()));
        }
        if (request.removeEvents() != null) {
            request.removeEvents().forEach(events::remove);
        }
        boolean active = request.active() == null ? hook.active() : request.active();
        if (!store.update(hook.id(), new HookSettings(url, contentType, insecureSsl, secret, List.copyOf(events), active), clock.instant())) {
            throw GantryException.notFound();
        }
        return get(owner, id);
    }

    public Optional<Hook> find(HookOwner owner, long id) {
        return store.find(owner, id);
    }

    public Hook get(HookOwner owner, long id) {
        return find(owner, id).orElseThrow(GantryException::notFound);
    }

    public Page<Hook> list(HookOwner owner, PageRequest page) {
        return store.list(owner, page);
    }

    public void delete(HookOwner owner, long id) {
        if (!store.delete(owner, id)) {
            throw GantryException.notFound();
        }
    }

    /**
     * Queues a {@code ping} to the hook, whatever events it subscribes to and even when inactive,
     * as GitHub sends it.
     *
     * @param payload the ping's body for the hook (it carries the hook itself, without its secret)
     */
    public HookDelivery ping(HookOwner owner, long id, Long repositoryId, Function<Hook, String> payload) {
        Hook hook = get(owner, id);
        HookDelivery delivery = deliveries.enqueue(hook.id(), UUID.randomUUID().toString(), HookEvents.PING, null, repositoryId,
                payload.apply(hook), clock.instant());
        signal.enqueued();
        return delivery;
    }

    /** The hook's attempts, newest first (GitHub's cursor is the id of the last one seen). */
    public List<HookAttempt> attempts(HookOwner owner, long id, Optional<Long> before, Boolean success, int limit) {
        Hook hook = get(owner, id);
        return deliveries.listAttempts(hook.id(), before.map(OptionalLong::of).orElse(OptionalLong.empty()), success, limit);
    }

    /** The secret that signs the hook's deliveries, if it has one. */
    Optional<byte[]> secretOf(Hook hook) {
        return Optional.ofNullable(hook.secret()).map(sealed -> masterKeys.open(sealed, SECRET_BINDING));
    }

    private MasterKeys.AtRest seal(String secret, MasterKeys.AtRest current) {
        if (secret == null) {
            return current;
        }
        return secret.isEmpty() ? null : masterKeys.seal(secret.getBytes(StandardCharsets.UTF_8), SECRET_BINDING);
    }

    private static void checkName(String name) {
        if (name != null && !name.equals("web")) {
            throw GantryException.invalid("Validation Failed", FieldError.custom(RESOURCE, "name", "Invalid service name: " + name));
        }
    }

    /** An absolute http(s) URL with a host; loopback and private addresses are allowed (self-hosted receivers live there). */
    private static String url(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && !uri.getHost().isEmpty()) {
                return url;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw GantryException.invalid("Validation Failed", FieldError.custom(RESOURCE, "url", "url is not a valid URL"));
    }

    private static String contentType(String contentType, String fallback) {
        if (contentType == null) {
            return fallback;
        }
        if (!CONTENT_TYPES.contains(contentType)) {
            throw GantryException.invalid("Validation Failed",
                    FieldError.custom(RESOURCE, "content_type", "content_type must be one of: json, form"));
        }
        return contentType;
    }

    /** GitHub takes {@code "0"}/{@code "1"} or the numbers; it shows a string. */
    private static String insecureSsl(String insecureSsl, String fallback) {
        if (insecureSsl == null) {
            return fallback;
        }
        return switch (insecureSsl) {
            case "0", "0.0" -> "0";
            case "1", "1.0" -> "1";
            default -> throw GantryException.invalid("Validation Failed",
                    FieldError.custom(RESOURCE, "insecure_ssl", "insecure_ssl must be 0 or 1"));
        };
    }

    private List<String> events(List<String> events) {
        List<FieldError> errors = new ArrayList<>();
        for (String event : events) {
            if (event == null || !HookEvents.isKnown(event)) {
                errors.add(FieldError.custom(RESOURCE, "events", event + " is not a valid event name"));
            }
        }
        if (!errors.isEmpty()) {
            throw new GantryException(ErrorCategory.VALIDATION_FAILED, "Validation Failed", errors);
        }
        return List.copyOf(new LinkedHashSet<>(events));
    }
}
