package dev.gantry.api.logs;

import dev.gantry.engine.runs.Job;
import dev.gantry.engine.runs.Runs;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;

/**
 * Serves the signed log links {@link LogResource} hands out. The signature is the credential: it
 * names one job or one run attempt and dies after a minute. Logs stream from the blob store to
 * the socket, so a 100 MB log costs a buffer, not 100 MB.
 */
public final class LogDownloadService implements HttpService {
    static final String PREFIX = "/_gantry/logs";
    private static final int BUFFER_BYTES = 64 * 1024;

    private final Runs runs;
    private final LogArchive archive;
    private final SignedUrls signer;

    public LogDownloadService(Runs runs, LogArchive archive, SignedUrls signer) {
        this.runs = runs;
        this.archive = archive;
        this.signer = signer;
    }

    static String jobPath(long repositoryId, long jobId) {
        return PREFIX + "/" + repositoryId + "/jobs/" + jobId;
    }

    static String runPath(long repositoryId, long runId, int attempt) {
        return PREFIX + "/" + repositoryId + "/runs/" + runId + "/attempts/" + attempt;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get(PREFIX + "/{repository}/jobs/{job}", this::job)
                .get(PREFIX + "/{repository}/runs/{run}/attempts/{attempt}", this::run);
    }

    private void job(ServerRequest request, ServerResponse response) throws IOException {
        Optional<long[]> ids = verified(request, "repository", "job");
        if (ids.isEmpty()) {
            refuse(response);
            return;
        }
        long repositoryId = ids.get()[0];
        Optional<Job> found = runs.findJob(repositoryId, ids.get()[1]);
        if (found.isEmpty()) {
            gone(response);
            return;
        }
        Job job = found.get();
        response.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        try (OutputStream out = new BufferedOutputStream(response.outputStream(), BUFFER_BYTES)) {
            archive.writeJobLog(new LogArchive.JobWithSteps(job, runs.steps(repositoryId, job.id())), out);
        }
    }

    private void run(ServerRequest request, ServerResponse response) throws IOException {
        Optional<long[]> ids = verified(request, "repository", "run", "attempt");
        if (ids.isEmpty()) {
            refuse(response);
            return;
        }
        long repositoryId = ids.get()[0];
        long runId = ids.get()[1];
        int attempt = (int) ids.get()[2];
        if (runs.find(repositoryId, runId).isEmpty()) {
            gone(response);
            return;
        }
        List<LogArchive.JobWithSteps> jobs = runs.jobs(repositoryId, runId, Optional.of(attempt)).stream()
                .map(job -> new LogArchive.JobWithSteps(job, runs.steps(repositoryId, job.id())))
                .toList();
        response.header(HeaderNames.CONTENT_TYPE, "application/zip");
        response.header(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=logs_" + runId + ".zip");
        try (OutputStream out = new BufferedOutputStream(response.outputStream(), BUFFER_BYTES)) {
            archive.writeRunArchive(jobs, out);
        }
    }

    /** The numeric path parameters, when the link's signature holds for this very path. */
    private Optional<long[]> verified(ServerRequest request, String... names) {
        String path = request.path().rawPath();
        if (!signer.verify(path, request.query().first("expires").orElse(null),
                request.query().first("signature").orElse(null))) {
            return Optional.empty();
        }
        long[] ids = new long[names.length];
        try {
            for (int index = 0; index < names.length; index++) {
                ids[index] = Long.parseLong(request.path().pathParameters().get(names[index]));
            }
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.of(ids);
    }

    /** A valid link to a run or job deleted since it was made. */
    private static void gone(ServerResponse response) {
        response.status(Status.NOT_FOUND_404);
        response.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.send("Not Found");
    }

    /** An expired or forged link gets what a storage service answers: 403, with no detail. */
    private static void refuse(ServerResponse response) {
        response.status(Status.FORBIDDEN_403);
        response.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.send("The link has expired or is not valid; ask the API for a new one.");
    }
}
