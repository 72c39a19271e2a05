package dev.gantry.e2e;

import dev.gantry.testing.TestingGit;
import dev.gantry.testing.TestingGitHubClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Pushes files to a repository on the test server with the real git CLI, as its owner: a fresh
 * clone, the files written, one commit, a push to {@code main}.
 */
final class Pushes {
    private final TestingGantry gantry;
    private final Path work;
    private final TestingGit git;
    private final AtomicInteger clones = new AtomicInteger();

    Pushes(TestingGantry gantry, Path work) {
        this.gantry = gantry;
        this.work = work;
        try {
            this.git = new TestingGit(Files.createDirectories(work.resolve("git-home")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Commits {@code files} (path → content) to {@code fullName}'s main branch; returns the new commit's sha. */
    String push(TestingGitHubClient owner, String fullName, Map<String, String> files, String message) {
        return push(owner, fullName, "main", files, message);
    }

    /** Commits {@code files} on top of main and pushes that to {@code branch} (created when new); returns the commit's sha. */
    String push(TestingGitHubClient owner, String fullName, String branch, Map<String, String> files, String message) {
        try {
            Path checkout = work.resolve("clone-" + clones.incrementAndGet());
            String url = gantry.baseUrl().replace("://", "://x:" + owner.token() + "@") + "/" + fullName + ".git";
            git.run(work, "clone", url, checkout.toString());
            for (Map.Entry<String, String> file : files.entrySet()) {
                Path path = checkout.resolve(file.getKey());
                Files.createDirectories(path.getParent());
                Files.writeString(path, file.getValue());
            }
            git.run(checkout, "add", ".");
            git.run(checkout, "commit", "-m", message);
            git.run(checkout, "push", "origin", "HEAD:refs/heads/" + branch);
            return git.run(checkout, "rev-parse", "HEAD");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
