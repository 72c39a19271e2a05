package dev.gantry.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.engine.hostedrunners.HostedRunner;
import dev.gantry.engine.hostedrunners.ImageSelection;
import dev.gantry.engine.hostedrunners.ImageSource;
import dev.gantry.engine.hostedrunners.ProvisionedRunner;
import dev.gantry.engine.hostedrunners.RunnerLaunch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local provider starts a real {@code gantry runner run --jitconfig} child in its own directory and cleans up after it. */
class TestLocalProcessProvisioner {
    @TempDir
    Path root;

    @Test
    void aRunnerProcessRunsInItsOwnDirectoryWhichGoesOnceItHasEnded() throws Exception {
        LocalProcessProvisioner provisioner = LocalProcessProvisioner.ofThisProcess(root);
        HostedRunner pool = new HostedRunner(7, 1, "pool", 1, new ImageSelection(ImageSource.GITHUB, "ubuntu-latest", null), "2-core", 2,
                false, false, Instant.EPOCH, null);
        // Not a JIT config: the runner says so and exits, as a runner that has done its one job exits.
        String handle = provisioner.start(new RunnerLaunch(pool, 42, "pool-abc", "not-a-config"));
        ProvisionedRunner runner = new ProvisionedRunner(7, 42, "pool-abc", handle, Instant.EPOCH);
        Path workDirectory = root.resolve("7").resolve("pool-abc");
        assertThat(handle).startsWith("pid ");
        assertThat(workDirectory).isDirectory();

        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (provisioner.isRunning(runner) && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        assertThat(provisioner.isRunning(runner)).isFalse();
        assertThat(Files.readString(workDirectory.resolve("runner.log"))).contains("not a JIT config");

        provisioner.stop(runner);
        deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (Files.exists(workDirectory) && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }
        assertThat(workDirectory).doesNotExist();
        provisioner.stop(runner);
        provisioner.close();
    }
}
