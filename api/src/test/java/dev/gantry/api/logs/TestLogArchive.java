package dev.gantry.api.logs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.NullNode;
import dev.gantry.engine.logs.JobLogs;
import dev.gantry.engine.runs.Conclusion;
import dev.gantry.engine.runs.Job;
import dev.gantry.engine.runs.JobStatus;
import dev.gantry.engine.runs.JobStrategy;
import dev.gantry.engine.runs.Step;
import dev.gantry.store.FileSystemBlobStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestLogArchive {
    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    @TempDir
    Path blobs;

    private JobLogs logs;
    private LogArchive archive;

    @BeforeEach
    void createLogs() {
        logs = new JobLogs(new FileSystemBlobStore(blobs));
        archive = new LogArchive(logs);
    }

    @Test
    void aJobLogIsItsOwnLinesThenEachStepsInOrder() throws IOException {
        write(1, Optional.empty(), "set up\n");
        write(1, Optional.of(2), "second\n");
        write(1, Optional.of(1), "first\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        archive.writeJobLog(new LogArchive.JobWithSteps(job(1, "build"), List.of(step(1, 1, "Run echo first"), step(1, 2, "Run echo second"))), out);

        assertThat(out.toString(UTF_8)).isEqualTo("set up\nfirst\nsecond\n");
    }

    @Test
    void aRunArchiveIsLaidOutAsGitHubs() throws IOException {
        write(1, Optional.of(1), "hello\n");
        write(2, Optional.of(1), "world\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        archive.writeRunArchive(List.of(
                new LogArchive.JobWithSteps(job(1, "build (ubuntu, 18)"), List.of(step(1, 1, "Run echo hello"))),
                new LogArchive.JobWithSteps(job(2, "deploy/prod"), List.of(step(2, 1, "Run echo world")))), out);

        Map<String, String> entries = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(out.toByteArray()))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                entries.put(entry.getName(), new String(zip.readAllBytes(), UTF_8));
            }
        }
        assertThat(entries).containsExactly(
                Map.entry("1_build (ubuntu, 18).txt", "hello\n"),
                Map.entry("build (ubuntu, 18)/1_Run echo hello.txt", "hello\n"),
                Map.entry("2_deploy_prod.txt", "world\n"),
                Map.entry("deploy_prod/1_Run echo world.txt", "world\n"));
    }

    @Test
    void fileNamesLoseWhatNoFileNameMayHold() {
        assertThat(LogArchive.fileName("a/b\\c:d*e?f\"g<h>i|j")).isEqualTo("a_b_c_d_e_f_g_h_i_j");
        assertThat(LogArchive.fileName("  ")).isEqualTo("_");
    }

    private void write(long jobId, Optional<Integer> step, String text) {
        logs.append(jobId, step, logs.size(jobId, step), new ByteArrayInputStream(text.getBytes(UTF_8)));
    }

    private static Job job(long id, String name) {
        return new Job(id, 1, 1, 1, "build", name, NullNode.getInstance(), new JobStrategy(true, 0, 1, 0), List.of(), null,
                false, List.of("self-hosted"), NullNode.getInstance(), JobStatus.COMPLETED, Conclusion.SUCCESS, null, null,
                null, Map.of(), false, null, NOW, NOW, NOW, NOW, null, null, null, null, null, null);
    }

    private static Step step(long jobId, int number, String name) {
        return new Step(jobId, number, name, JobStatus.COMPLETED, Conclusion.SUCCESS, NOW, NOW);
    }
}
