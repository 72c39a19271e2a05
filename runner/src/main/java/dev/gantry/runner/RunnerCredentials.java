package dev.gantry.runner;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Objects;

/**
 * What registration gave this runner, kept in the work directory's {@code .runner} file (mode
 * 600: it holds the credential) so {@code gantry runner run} can start without asking again.
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record RunnerCredentials(
        @JsonProperty("server_url") String serverUrl,
        @JsonProperty("runner_id") long runnerId,
        @JsonProperty("name") String name,
        @JsonProperty("labels") List<String> labels,
        @JsonProperty("ephemeral") boolean ephemeral,
        @JsonProperty("credential") String credential) {

    public RunnerCredentials {
        Objects.requireNonNull(serverUrl, "server_url");
        Objects.requireNonNull(name, "name");
        labels = labels == null ? List.of() : List.copyOf(labels);
        Objects.requireNonNull(credential, "credential");
    }

    /** The work directory holds no registration, or one that cannot be read. */
    public static final class MissingCredentialsException extends Exception {
        public MissingCredentialsException(String message) {
            super(message);
        }
    }

    /** Writes {@code file} readable by its owner only, replacing it atomically. */
    public void save(Path file, ObjectMapper json) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        Files.deleteIfExists(partial);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(partial, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(partial);
        }
        Files.write(partial, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(this));
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public static RunnerCredentials load(Path file, ObjectMapper json) throws MissingCredentialsException {
        try {
            return json.readValue(Files.readAllBytes(file), RunnerCredentials.class);
        } catch (NoSuchFileException e) {
            throw new MissingCredentialsException("this runner is not registered (no " + file + "); run 'gantry runner register' first");
        } catch (IOException | RuntimeException e) {
            throw new MissingCredentialsException("cannot read the runner registration " + file + ": " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "RunnerCredentials[server_url=" + serverUrl + ", runner_id=" + runnerId + ", name=" + name + ", labels=" + labels + "]";
    }
}
