package dev.gantry.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestServerConfigLoader {
    @TempDir
    Path directory;

    @Test
    void defaults() {
        ServerConfig config = ServerConfigLoader.load(Map.of(), Map.of(), Optional.empty());
        assertThat(config.bind()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.dataDirectory()).isEqualTo(Path.of("./data"));
        assertThat(config.databaseUrl()).isEqualTo("jdbc:sqlite:" + Path.of("./data").resolve("gantry.db"));
        assertThat(config.publicUrl()).isEmpty();
        assertThat(config.publicUrlOr(8080)).isEqualTo("http://127.0.0.1:8080");
        assertThat(config.enterprise()).isEqualTo("gantry");
        assertThat(config.tls()).isFalse();
        assertThat(config.adminToken()).isEmpty();
    }

    @Test
    void everyKeyHasAFlagAnEnvironmentVariableAndAFileKey() {
        assertThat(ConfigKey.DATA_DIR.key()).isEqualTo("data-dir");
        assertThat(ConfigKey.DATA_DIR.environmentVariable()).isEqualTo("GANTRY_DATA_DIR");
        assertThat(ConfigKey.PUBLIC_URL.environmentVariable()).isEqualTo("GANTRY_PUBLIC_URL");
        assertThat(ConfigKey.fromKey("database-url")).contains(ConfigKey.DATABASE_URL);
    }

    @Test
    void flagsBeatEnvironmentWhichBeatsTheFileWhichBeatsDefaults() throws IOException {
        Path file = directory.resolve("gantry.yml");
        Files.writeString(file, "port: 9001\nbind: 0.0.0.0\nenterprise: acme\ndata-dir: /srv/from-file\n");
        Map<String, String> environment = Map.of("GANTRY_PORT", "9002", "GANTRY_DATA_DIR", "/srv/from-env");
        Map<String, String> flags = new HashMap<>();
        flags.put("port", "9003");
        flags.put("bind", null);

        ServerConfig config = ServerConfigLoader.load(flags, environment, Optional.of(file));

        assertThat(config.port()).isEqualTo(9003);
        assertThat(config.dataDirectory()).isEqualTo(Path.of("/srv/from-env"));
        assertThat(config.bind()).isEqualTo("0.0.0.0");
        assertThat(config.enterprise()).isEqualTo("acme");
        assertThat(config.publicUrlOr(9003)).isEqualTo("http://localhost:9003");
    }

    @Test
    void gitRepositoriesLiveInTheDataDirectoryUnlessNodesShareAnotherOne() {
        assertThat(ServerConfigLoader.load(Map.of("data-dir", "/srv/node-1"), Map.of(), Optional.empty()).gitDirectory())
                .isEqualTo(Path.of("/srv/node-1/git"));
        assertThat(ServerConfigLoader.load(Map.of("data-dir", "/srv/node-1"), Map.of("GANTRY_GIT_DIR", "/mnt/shared/git"),
                Optional.empty()).gitDirectory()).isEqualTo(Path.of("/mnt/shared/git"));
    }

    @Test
    void postgresqlUrlSwitchesTheDatabase() {
        ServerConfig config = ServerConfigLoader.load(Map.of("database-url", "jdbc:postgresql://db/gantry?password=hunter2"),
                Map.of(), Optional.empty());
        assertThat(config.databaseUrl()).startsWith("jdbc:postgresql:");
        assertThat(config.toString()).doesNotContain("hunter2");
    }

    @Test
    void unknownFileKeyFailsWithAHint() throws IOException {
        Path file = directory.resolve("gantry.yml");
        Files.writeString(file, "data_dir: /srv\n");
        assertThatThrownBy(() -> ServerConfigLoader.load(Map.of(), Map.of(), Optional.of(file)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown key 'data_dir'")
                .hasMessageContaining("did you mean 'data-dir'?");
    }

    @Test
    void aMisspeltEnvironmentVariableFailsWithAHintWhileOtherGantryVariablesPass() {
        assertThatThrownBy(() -> ServerConfigLoader.load(Map.of(), Map.of("GANTRY_PROT", "9090"), Optional.empty()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("unknown environment variable GANTRY_PROT; did you mean GANTRY_PORT?");
        assertThatThrownBy(() -> ServerConfigLoader.load(Map.of(), Map.of("GANTRY_ADMIN_TOKN", "t"), Optional.empty()))
                .hasMessageContaining("did you mean GANTRY_ADMIN_TOKEN?");
        ServerConfig config = ServerConfigLoader.load(Map.of(),
                Map.of("GANTRY_TEST_DATABASE_URL", "jdbc:postgresql://elsewhere/test"), Optional.empty());
        assertThat(config.databaseUrl()).startsWith("jdbc:sqlite:");
    }

    @Test
    void badValuesFailClearly() {
        assertThatThrownBy(() -> ServerConfigLoader.load(Map.of("port", "eighty"), Map.of(), Optional.empty()))
                .hasMessage("port must be a whole number, not 'eighty'");
        assertThatThrownBy(() -> ServerConfigLoader.load(Map.of("port", "70000"), Map.of(), Optional.empty()))
                .hasMessage("port must be between 0 and 65535, not 70000");
        assertThatThrownBy(() -> ServerConfigLoader.load(Map.of("database-url", "jdbc:mysql://x"), Map.of(), Optional.empty()))
                .hasMessageContaining("database-url must start with jdbc:sqlite: or jdbc:postgresql:");
        assertThatThrownBy(() -> ServerConfigLoader.load(Map.of("tls-cert", "/a.pem"), Map.of(), Optional.empty()))
                .hasMessageContaining("--tls-cert and --tls-key go together");
        assertThatThrownBy(() -> ServerConfigLoader.load(Map.of("public-url", "example.com"), Map.of(), Optional.empty()))
                .hasMessageContaining("public-url must start with http:// or https://");
    }

    @Test
    void adminTokenComesFromTheEnvironmentAndNeverShowsInToString() {
        ServerConfig config = ServerConfigLoader.load(Map.of(), Map.of("GANTRY_ADMIN_TOKEN", "s3cr3t-admin"), Optional.empty());
        assertThat(config.adminToken()).contains("s3cr3t-admin");
        assertThat(config.toString()).doesNotContain("s3cr3t-admin");
    }

    @Test
    void blobsGoToTheFileSystemUnlessS3IsNamed() {
        assertThat(ServerConfigLoader.load(Map.of(), Map.of(), Optional.empty()).s3()).isEmpty();

        ServerConfig config = ServerConfigLoader.load(
                Map.of("blob-store", "s3", "s3-endpoint", "http://127.0.0.1:9000", "s3-bucket", "gantry", "s3-access-key", "AKIA1",
                        "s3-path-style", "false"),
                Map.of("GANTRY_S3_SECRET_KEY", "hunter2-s3"), Optional.empty());

        assertThat(config.s3()).hasValueSatisfying(s3 -> {
            assertThat(s3.endpoint()).contains(java.net.URI.create("http://127.0.0.1:9000"));
            assertThat(s3.region()).isEqualTo("us-east-1");
            assertThat(s3.bucket()).isEqualTo("gantry");
            assertThat(s3.accessKey()).isEqualTo("AKIA1");
            assertThat(s3.secretKey()).isEqualTo("hunter2-s3");
            assertThat(s3.pathStyle()).isFalse();
        });
        assertThat(config.toString()).contains("gantry").doesNotContain("hunter2-s3");
    }

    @Test
    void s3WithoutItsKeysOrAnUnknownStoreIsRefused() {
        assertThatThrownBy(() -> ServerConfigLoader.load(Map.of("blob-store", "s3", "s3-bucket", "b", "s3-access-key", "a"),
                        Map.of(), Optional.empty()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("s3-secret-key");
        assertThatThrownBy(() -> ServerConfigLoader.load(Map.of("blob-store", "azure"), Map.of(), Optional.empty()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("fs or s3");
    }

    @Test
    void levenshteinDistance() {
        assertThat(ServerConfigLoader.distance("data_dir", "data-dir")).isEqualTo(1);
        assertThat(ServerConfigLoader.distance("", "port")).isEqualTo(4);
        assertThat(ServerConfigLoader.distance("port", "port")).isZero();
    }
}
