package dev.gantry.store;

import dev.gantry.engine.queue.SignalRelay;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Queue signals between server nodes over PostgreSQL {@code LISTEN/NOTIFY}. Each node listens on
 * one dedicated connection (outside the pool) with a platform thread that blocks in the driver
 * until a notification arrives; a node ignores its own notifications, which it already delivered
 * in-process. A dropped connection is reopened after a pause; signals sent meanwhile are lost,
 * which only delays runners to their next poll.
 */
public final class PostgresSignalRelay implements SignalRelay {
    static final String CHANNEL = "gantry_queue_signals";
    private static final Logger LOG = LoggerFactory.getLogger(PostgresSignalRelay.class);
    /** How long one wait for notifications blocks, which bounds how long close() takes. */
    private static final int WAIT_MILLIS = 1_000;
    private static final Duration RECONNECT_PAUSE = Duration.ofSeconds(2);

    private final Database database;
    private final String node = UUID.randomUUID().toString();
    private final CountDownLatch listening = new CountDownLatch(1);
    private volatile boolean closed;
    private Thread listener;

    public PostgresSignalRelay(Database database) {
        this.database = Objects.requireNonNull(database, "database");
        if (database.dialect() != Dialect.POSTGRESQL) {
            throw new IllegalArgumentException("LISTEN/NOTIFY needs PostgreSQL");
        }
    }

    @Override
    public void send(String topic, long id) {
        try {
            // pg_notify returns void, which JDBC cannot map; select a constant beside it.
            database.read(handle -> handle.createQuery("SELECT 1 FROM (SELECT pg_notify(:channel, :payload)) AS sent")
                    .bind("channel", CHANNEL)
                    .bind("payload", node + " " + topic + " " + id)
                    .mapTo(Integer.class)
                    .one());
        } catch (RuntimeException e) {
            // Best effort: the signal is an optimisation, the queue itself is in the database.
            LOG.warn("Could not notify other nodes of {} {}", topic, id, e);
        }
    }

    @Override
    public synchronized void receive(BiConsumer<String, Long> receiver) {
        if (listener != null) {
            throw new IllegalStateException("already receiving");
        }
        listener = Thread.ofPlatform().name("gantry-signal-listener").daemon().start(() -> listen(receiver));
    }

    /** Waits until the first LISTEN is in place (signals sent before it are not seen); for start-up and tests. */
    public boolean awaitListening(Duration timeout) throws InterruptedException {
        return listening.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void listen(BiConsumer<String, Long> receiver) {
        while (!closed) {
            try (Connection connection = database.openDedicatedConnection()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                listening.countDown();
                PGConnection postgres = connection.unwrap(PGConnection.class);
                while (!closed) {
                    PGNotification[] notifications = postgres.getNotifications(WAIT_MILLIS);
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            deliver(notification.getParameter(), receiver);
                        }
                    }
                }
            } catch (SQLException e) {
                if (closed) {
                    return;
                }
                LOG.warn("Listening for queue signals failed; reconnecting in {}", RECONNECT_PAUSE, e);
                try {
                    Thread.sleep(RECONNECT_PAUSE);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private void deliver(String payload, BiConsumer<String, Long> receiver) {
        String[] parts = payload.split(" ");
        if (parts.length != 3 || parts[0].equals(node)) {
            return;
        }
        try {
            receiver.accept(parts[1], Long.parseLong(parts[2]));
        } catch (RuntimeException e) {
            LOG.warn("Ignoring queue signal '{}'", payload, e);
        }
    }

    @Override
    public void close() {
        closed = true;
        Thread running;
        synchronized (this) {
            running = listener;
        }
        if (running != null) {
            try {
                running.join(Duration.ofMillis(WAIT_MILLIS * 3L));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
