package dev.gantry.engine.event;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In-process publish/subscribe for domain events (a push, later a run completing). Subscribers run
 * synchronously on the publishing thread, in subscription order; one subscriber's failure is logged
 * and does not stop the others or reach the publisher, because the event has already happened.
 */
public final class EventBus {
    private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);

    private final Map<Class<?>, List<Consumer<Object>>> subscribers = new ConcurrentHashMap<>();

    public <E> void subscribe(Class<E> type, Consumer<? super E> subscriber) {
        subscribers.computeIfAbsent(type, ignored -> new CopyOnWriteArrayList<>())
                .add(event -> subscriber.accept(type.cast(event)));
    }

    public void publish(Object event) {
        for (Consumer<Object> subscriber : subscribers.getOrDefault(event.getClass(), List.of())) {
            try {
                subscriber.accept(event);
            } catch (RuntimeException e) {
                LOG.error("A subscriber of {} failed", event.getClass().getSimpleName(), e);
            }
        }
    }
}
