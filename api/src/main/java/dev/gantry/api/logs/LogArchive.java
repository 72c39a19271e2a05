package dev.gantry.api.logs;

import dev.gantry.engine.logs.JobLogs;
import dev.gantry.engine.runs.Job;
import dev.gantry.engine.runs.Step;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes logs as GitHub serves them, streaming from the blob store: a job's log is its own lines
 * followed by each step's; a run's is a zip with {@code <n>_<job>.txt} per job and
 * {@code <job>/<n>_<step>.txt} per step.
 */
public final class LogArchive {
    /** A job and its steps, in the order the archive lists them. */
    public record JobWithSteps(Job job, List<Step> steps) {}

    private final JobLogs logs;

    public LogArchive(JobLogs logs) {
        this.logs = logs;
    }

    public void writeJobLog(JobWithSteps job, OutputStream out) throws IOException {
        copy(job.job().id(), Optional.empty(), out);
        for (Step step : job.steps()) {
            copy(job.job().id(), Optional.of(step.number()), out);
        }
    }

    public void writeRunArchive(List<JobWithSteps> jobs, OutputStream out) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(out);
        int index = 0;
        for (JobWithSteps job : jobs) {
            index++;
            String jobName = fileName(job.job().name());
            zip.putNextEntry(new ZipEntry(index + "_" + jobName + ".txt"));
            writeJobLog(job, zip);
            zip.closeEntry();
            for (Step step : job.steps()) {
                zip.putNextEntry(new ZipEntry(jobName + "/" + step.number() + "_" + fileName(step.name()) + ".txt"));
                copy(job.job().id(), Optional.of(step.number()), zip);
                zip.closeEntry();
            }
        }
        zip.finish();
    }

    private void copy(long jobId, Optional<Integer> step, OutputStream out) throws IOException {
        Optional<InputStream> log = logs.open(jobId, step);
        if (log.isPresent()) {
            try (InputStream in = log.get()) {
                in.transferTo(out);
            }
        }
    }

    /** Job and step names may hold characters no file name may; GitHub's archives replace them too. */
    static String fileName(String name) {
        String cleaned = name.replaceAll("[/\\\\:*?\"<>|\\p{Cntrl}]", "_").strip();
        return cleaned.isEmpty() ? "_" : cleaned;
    }
}
