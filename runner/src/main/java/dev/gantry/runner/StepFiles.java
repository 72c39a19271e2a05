package dev.gantry.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The environment files of one step, fresh and empty, under {@code RUNNER_TEMP/_runner_file_commands}:
 * {@code GITHUB_ENV}, {@code GITHUB_OUTPUT}, {@code GITHUB_PATH}, {@code GITHUB_STATE},
 * {@code GITHUB_STEP_SUMMARY}. Read back once the step's process has exited.
 */
public record StepFiles(Path env, Path output, Path path, Path state, Path summary) {
    /** GitHub refuses step summaries larger than this. */
    public static final long MAXIMUM_SUMMARY_BYTES = 1024 * 1024;

    public static StepFiles create(Path temp) throws IOException {
        Path directory = Files.createDirectories(temp.resolve("_runner_file_commands"));
        String suffix = UUID.randomUUID().toString();
        StepFiles files = new StepFiles(directory.resolve("set_env_" + suffix), directory.resolve("set_output_" + suffix),
                directory.resolve("add_path_" + suffix), directory.resolve("save_state_" + suffix),
                directory.resolve("step_summary_" + suffix));
        for (Path file : List.of(files.env, files.output, files.path, files.state, files.summary)) {
            Files.createFile(file);
        }
        return files;
    }

    /** The variables pointing at these files, as the step's process sees them. */
    public Map<String, String> variables() {
        return Map.of("GITHUB_ENV", env.toString(), "GITHUB_OUTPUT", output.toString(), "GITHUB_PATH", path.toString(),
                "GITHUB_STATE", state.toString(), "GITHUB_STEP_SUMMARY", summary.toString());
    }

    public Map<String, String> readEnv() throws IOException, EnvironmentFile.InvalidEnvironmentFileException {
        return EnvironmentFile.read(env);
    }

    public Map<String, String> readOutputs() throws IOException, EnvironmentFile.InvalidEnvironmentFileException {
        return EnvironmentFile.read(output);
    }

    public Map<String, String> readState() throws IOException, EnvironmentFile.InvalidEnvironmentFileException {
        return EnvironmentFile.read(state);
    }

    /** The non-empty lines of {@code GITHUB_PATH}, in order. */
    public List<String> readPath() throws IOException {
        List<String> directories = new ArrayList<>();
        if (Files.exists(path)) {
            for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    directories.add(line.strip());
                }
            }
        }
        return directories;
    }

    /** The step summary, or null when empty. */
    public String readSummary() throws IOException, EnvironmentFile.InvalidEnvironmentFileException {
        if (!Files.exists(summary) || Files.size(summary) == 0) {
            return null;
        }
        if (Files.size(summary) > MAXIMUM_SUMMARY_BYTES) {
            throw new EnvironmentFile.InvalidEnvironmentFileException("$GITHUB_STEP_SUMMARY upload aborted, supports content up to a size of 1024k, got "
                    + (Files.size(summary) / 1024) + "k.");
        }
        return Files.readString(summary, StandardCharsets.UTF_8);
    }
}
