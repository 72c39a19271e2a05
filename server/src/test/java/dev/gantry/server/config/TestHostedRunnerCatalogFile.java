package dev.gantry.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.engine.hostedrunners.HostedRunnerCatalog;
import dev.gantry.engine.hostedrunners.MachineSize;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestHostedRunnerCatalogFile {
    @TempDir
    Path directory;

    @Test
    void withoutAFileTheServerOffersTheBuiltInCatalog() {
        HostedRunnerCatalog catalog = ServerConfigLoader.load(Map.of(), Map.of(), Optional.empty()).hostedRunnerCatalog();
        assertThat(catalog).isEqualTo(HostedRunnerCatalog.defaults());
        assertThat(catalog.githubOwnedImage("ubuntu-latest")).isPresent();
        assertThat(catalog.machineSize("4-core")).contains(new MachineSize("4-core", 4, 16, 150));
        assertThat(catalog.customImages()).isEmpty();
        assertThat(catalog.maximumRunnersLimit()).isEqualTo(50);
        assertThat(catalog.publicIpsMaximum()).isEqualTo(50);
    }

    @Test
    void theFileReplacesTheSectionsItGivesAndTheEnvironmentNamesIt() throws IOException {
        Path file = write("""
                custom_images:
                  - {id: 3, name: box, platform: linux-x64, versions: [{version: 1.2.3, size_gb: 9, created_on: "2026-01-02T03:04:05Z"}]}
                platforms: [linux-x64]
                limits: {maximum_runners: 4}
                """);
        HostedRunnerCatalog catalog = ServerConfigLoader.load(Map.of(), Map.of("GANTRY_HOSTED_RUNNER_CATALOG", file.toString()),
                Optional.empty()).hostedRunnerCatalog();
        assertThat(catalog.platforms()).containsExactly("linux-x64");
        assertThat(catalog.maximumRunnersLimit()).isEqualTo(4);
        assertThat(catalog.publicIpsMaximum()).as("left out: the default").isEqualTo(50);
        assertThat(catalog.githubOwnedImages()).isEqualTo(HostedRunnerCatalog.defaults().githubOwnedImages());
        var version = catalog.customImage(3).orElseThrow().version("1.2.3").orElseThrow();
        assertThat(version.createdOn()).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
        assertThat(version.state()).isEqualTo("Ready");
        assertThat(version.stateDetails()).isEqualTo("None");
    }

    @Test
    void theProviderAndIdleTimeHaveDefaultsAndAreChecked() {
        ServerConfig defaults = ServerConfigLoader.load(Map.of(), Map.of(), Optional.empty());
        assertThat(defaults.hostedRunnerProvider()).isEqualTo(ServerConfig.HostedRunnerProvider.LOCAL);
        assertThat(defaults.hostedRunnerIdle()).isEqualTo(java.time.Duration.ofMinutes(5));
        ServerConfig none = ServerConfigLoader.load(Map.of("hosted-runner-provider", "none", "hosted-runner-idle-seconds", "30"), Map.of(),
                Optional.empty());
        assertThat(none.hostedRunnerProvider()).isEqualTo(ServerConfig.HostedRunnerProvider.NONE);
        assertThat(none.hostedRunnerIdle()).isEqualTo(java.time.Duration.ofSeconds(30));
        assertThatThrownBy(() -> ServerConfigLoader.load(Map.of("hosted-runner-provider", "kubernetes"), Map.of(), Optional.empty()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("local or none");
        assertThatThrownBy(() -> ServerConfigLoader.load(Map.of(), Map.of("GANTRY_HOSTED_RUNNER_IDLE_SECONDS", "0"), Optional.empty()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("hosted-runner-idle-seconds");
    }

    @Test
    void mistakesStopStartUpWithAHint() throws IOException {
        assertThatThrownBy(() -> HostedRunnerCatalogFile.read(write("machine_size: []\n")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("did you mean 'machine_sizes'?");
        assertThatThrownBy(() -> HostedRunnerCatalogFile.read(write("limits: {maximum_runners: many}\n")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("whole number");
        assertThatThrownBy(() -> HostedRunnerCatalogFile.read(write("limits: {maximum_runners: 0}\n")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> HostedRunnerCatalogFile.read(write(
                "custom_images: [{id: 1, name: a, platform: linux-x64, versions: [{version: v1, size_gb: 1, created_on: \"2026-01-01T00:00:00Z\"}]}]\n")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("major.minor.patch");
        assertThatThrownBy(() -> HostedRunnerCatalogFile.read(write("machine_sizes: [{id: a, cpu_cores: 1, memory_gb: 1, storage_gb: 1}, "
                + "{id: a, cpu_cores: 2, memory_gb: 2, storage_gb: 2}]\n")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("given twice");
        assertThatThrownBy(() -> HostedRunnerCatalogFile.read(directory.resolve("missing.yml")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cannot read");
    }

    private Path write(String yaml) throws IOException {
        Path file = Files.createTempFile(directory, "catalog", ".yml");
        Files.writeString(file, yaml);
        return file;
    }
}
