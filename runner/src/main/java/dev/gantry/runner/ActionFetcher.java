package dev.gantry.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Downloads {@code uses: owner/repo@ref} actions from the server's git hosting
 * ({@code {server}/{owner}/{repo}.git}) with the job's token, into
 * {@code _actions/<owner>/<repo>/<ref>} (emptied at the start of each job, so a moved tag is seen).
 * An action used twice in a job is downloaded once.
 */
final class ActionFetcher {
    private static final String COMPLETE_MARKER = ".gantry-complete";

    private final GitClient git;
    private final Path root;
    private final String serverUrl;

    ActionFetcher(GitClient git, Path root, String serverUrl) {
        this.git = git;
        this.root = root;
        this.serverUrl = serverUrl.endsWith("/") ? serverUrl.substring(0, serverUrl.length() - 1) : serverUrl;
    }

    /** The directory of the action (the repository's {@code path}), downloading it first if needed. */
    Path fetch(ActionReference reference, StepLog log, CancellationSignal cancellation)
            throws GitClient.GitException, InterruptedException {
        Path checkout = root.resolve(reference.owner()).resolve(reference.name()).resolve(reference.ref());
        if (!Files.exists(checkout.resolve(COMPLETE_MARKER))) {
            download(reference, checkout, log, cancellation);
        }
        return reference.path().isEmpty() ? checkout : checkout.resolve(reference.path());
    }

    private void download(ActionReference reference, Path checkout, StepLog log, CancellationSignal cancellation)
            throws GitClient.GitException, InterruptedException {
        String url = serverUrl + "/" + reference.repository() + ".git";
        try {
            Files.createDirectories(checkout);
        } catch (IOException e) {
            throw new GitClient.GitException("Could not create " + checkout + ": " + e.getMessage());
        }
        // Git's chatter goes nowhere: the log says what was downloaded, and failures say why.
        StringBuilder output = new StringBuilder();
        java.util.function.Consumer<String> collect = line -> {
            if (output.length() < 8192) {
                output.append(line).append('\n');
            }
        };
        git.run(checkout, collect, cancellation, "init", "-q");
        git.run(checkout, collect, cancellation, "remote", "add", "origin", url);
        StepProcess.Outcome shallow = git.attempt(checkout, collect, cancellation, "fetch", "-q", "--no-tags", "--depth=1", "origin", reference.ref());
        String target = "FETCH_HEAD";
        if (!shallow.succeeded()) {
            // A commit sha that the server will not serve by itself: fetch everything, then look it up.
            StepProcess.Outcome full = git.attempt(checkout, collect, cancellation, "fetch", "-q", "origin",
                    "+refs/heads/*:refs/remotes/origin/*", "+refs/tags/*:refs/tags/*");
            if (!full.succeeded()) {
                throw new GitClient.GitException("Unable to download the action repository '" + reference.repository()
                        + "' from " + url + ":\n" + output.toString().strip());
            }
            target = reference.ref();
        }
        StepProcess.Outcome checkedOut = git.attempt(checkout, collect, cancellation, "checkout", "-q", "--force", target);
        if (!checkedOut.succeeded()) {
            throw new GitClient.GitException("Unable to resolve action '" + reference + "', unable to find version '"
                    + reference.ref() + "'");
        }
        String sha = git.capture(checkout, cancellation, "rev-parse", "HEAD");
        log.write("Download action repository '" + reference.repository() + "@" + reference.ref() + "' (SHA:" + sha + ")");
        try {
            Files.createFile(checkout.resolve(COMPLETE_MARKER));
        } catch (IOException e) {
            throw new GitClient.GitException("Could not mark " + checkout + " complete: " + e.getMessage());
        }
    }
}
