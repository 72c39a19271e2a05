package dev.gantry.server.cli;

import dev.gantry.server.GantryServer;
import dev.gantry.server.config.ServerConfig;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code gantry server}: runs the server until the process is stopped. */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Run the Gantry server (SQLite and local disk by default).")
final class ServerCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options = new ConfigOptions();

    @Override
    public Integer call() throws InterruptedException {
        ServerConfig config = options.load(System.getenv());
        GantryServer server = GantryServer.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "gantry-shutdown"));
        System.err.println("gantry: serving " + server.publicUrl() + " (listening on " + config.bind() + ":" + server.port()
                + ", database " + config.redactedDatabaseUrl() + ")");
        stopped.await();
        return 0;
    }
}
