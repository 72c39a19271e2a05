package dev.gantry.engine.queue;

import java.util.function.BiConsumer;

/**
 * Carries {@link QueueSignals} to the other server nodes that share the database, so a runner
 * long-polling one node wakes when another node queues its job (or cancels it). A single node
 * needs none ({@link #LOCAL}); PostgreSQL's {@code LISTEN/NOTIFY} is the implementation for
 * scale-out. Delivery is best effort: a lost signal only delays a runner to its next poll.
 */
public interface SignalRelay extends AutoCloseable {
    SignalRelay LOCAL = new SignalRelay() {
        @Override
        public void send(String topic, long id) {
        }

        @Override
        public void receive(BiConsumer<String, Long> receiver) {
        }

        @Override
        public void close() {
        }
    };

    /** Tells the other nodes (not this one) that {@code topic} {@code id} happened. */
    void send(String topic, long id);

    /** Starts delivering what other nodes send to {@code receiver} (called once, at wiring). */
    void receive(BiConsumer<String, Long> receiver);

    @Override
    void close();
}
