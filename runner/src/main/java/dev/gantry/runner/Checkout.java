package dev.gantry.runner;

import dev.gantry.protocol.JobMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The built-in {@code actions/checkout} (any version): clones from the server with the job's
 * token using the git CLI, as the real action does when no {@code node} is involved. Honours
 * {@code repository}, {@code ref}, {@code path}, {@code fetch-depth}, {@code token},
 * {@code clean} and {@code persist-credentials}; {@code submodules}, {@code lfs},
 * {@code sparse-checkout} and the rest are accepted and ignored.
 */
final class Checkout {
    private static final Pattern SHA = Pattern.compile("[0-9a-fA-F]{40}([0-9a-fA-F]{24})?");

    private final GitClient git;

    Checkout(GitClient git) {
        this.git = git;
    }

    /** A checkout that cannot be done as asked (a path outside the workspace, a bad depth). */
    static final class CheckoutException extends Exception {
        CheckoutException(String message) {
            super(message);
        }
    }

    /** Whether {@code uses} is {@code actions/checkout@...}, which this runner implements itself. */
    static boolean handles(String uses) {
        return uses.strip().toLowerCase(Locale.ROOT).startsWith("actions/checkout@");
    }

    /**
     * What to check out.
     *
     * @param sha the commit to check out, or null to take whatever {@code ref} points at
     * @param ref the ref to name the checkout after ({@code refs/heads/main}), or a short name; may be null with a sha
     * @param fetchDepth 0 for the whole history
     */
    record Request(String repository, String url, String sha, String ref, Path path, int fetchDepth, String token,
                   boolean clean, boolean persistCredentials, String serverUrl) {

        static Request of(Map<String, String> with, JobMessage message, Path workspace) throws CheckoutException {
            String repository = nonEmpty(with, "repository", message.repository().fullName());
            boolean sameRepository = repository.equalsIgnoreCase(message.repository().fullName());
            String server = message.serverUrl().replaceFirst("/+$", "");
            String url = sameRepository ? message.repository().cloneUrl() : server + "/" + repository + ".git";
            String ref = nonEmpty(with, "ref", null);
            String sha = null;
            if (ref == null && sameRepository) {
                sha = message.sha();
                ref = message.ref();
            } else if (ref != null && SHA.matcher(ref).matches()) {
                sha = ref;
                ref = null;
            }
            Path path = workspace.resolve(nonEmpty(with, "path", ".")).normalize();
            if (!path.startsWith(workspace)) {
                throw new CheckoutException("Repository path '" + path + "' is not under '" + workspace + "'");
            }
            int depth;
            try {
                depth = Integer.parseInt(nonEmpty(with, "fetch-depth", "1").strip());
            } catch (NumberFormatException e) {
                throw new CheckoutException("The input 'fetch-depth' must be a whole number, not '" + with.get("fetch-depth") + "'");
            }
            return new Request(repository, url, sha, ref, path, Math.max(depth, 0), nonEmpty(with, "token", message.token()),
                    !"false".equalsIgnoreCase(nonEmpty(with, "clean", "true")),
                    !"false".equalsIgnoreCase(nonEmpty(with, "persist-credentials", "true")), server);
        }

        private static String nonEmpty(Map<String, String> with, String key, String fallback) {
            String value = with.get(key);
            return value == null || value.isBlank() ? fallback : value;
        }
    }

    void run(Request request, StepLog log, CancellationSignal cancellation)
            throws GitClient.GitException, CheckoutException, IOException, InterruptedException {
        log.write("Syncing repository: " + request.repository());
        Path path = request.path();
        Files.createDirectories(path);
        if (!Files.isDirectory(path.resolve(".git"))) {
            try (var entries = Files.list(path)) {
                if (entries.findAny().isPresent()) {
                    FileTrees.deleteContents(path);
                }
            }
            git.run(path, log::write, cancellation, "init", "-q", path.toString());
        } else if (request.clean()) {
            git.attempt(path, log::write, cancellation, "clean", "-ffdx");
            git.attempt(path, log::write, cancellation, "reset", "--hard", "-q", "HEAD");
        }
        // The workspace is kept between jobs: an earlier job's persisted credential (its token, dead
        // now, or a token it was given) would be sent before this job's and outlive it, so it goes
        // first, as actions/checkout removes its own when the job ends.
        removePersistedCredentials(path, line -> {
        }, cancellation);
        git.attempt(path, line -> {
        }, cancellation, "remote", "remove", "origin");
        git.run(path, log::write, cancellation, "remote", "add", "origin", request.url());
        git.run(path, log::write, cancellation, "config", "--local", "gc.auto", "0");

        String branch = branchName(request.ref());
        String destination = destination(request.ref());
        List<String> fetch = new ArrayList<>(List.of("-c", "protocol.version=2", "fetch", "--no-tags", "--prune", "--no-recurse-submodules"));
        if (request.fetchDepth() > 0) {
            fetch.add("--depth=" + request.fetchDepth());
        }
        fetch.add("origin");
        if (request.fetchDepth() == 0) {
            fetch.add("+refs/heads/*:refs/remotes/origin/*");
            fetch.add("+refs/tags/*:refs/tags/*");
        }
        String checkoutTarget;
        if (request.sha() != null) {
            List<String> bySha = new ArrayList<>(fetch);
            bySha.add("+" + request.sha() + (destination == null ? "" : ":" + destination));
            StepProcess.Outcome fetched = git.attempt(path, log::write, cancellation, bySha.toArray(String[]::new));
            if (!fetched.succeeded() && request.ref() != null) {
                // A server that only serves advertised tips: fetch the ref and check that it is at the sha.
                List<String> byRef = new ArrayList<>(fetch);
                byRef.add("+" + request.ref() + (destination == null ? "" : ":" + destination));
                git.run(path, log::write, cancellation, byRef.toArray(String[]::new));
            } else if (!fetched.succeeded()) {
                throw new GitClient.GitException("Could not fetch " + request.sha() + " from " + request.repository());
            }
            checkoutTarget = request.sha();
        } else {
            List<String> byRef = new ArrayList<>(fetch);
            byRef.add(request.ref() == null ? "HEAD" : request.ref());
            git.run(path, log::write, cancellation, byRef.toArray(String[]::new));
            checkoutTarget = "FETCH_HEAD";
        }
        if (branch != null) {
            git.run(path, log::write, cancellation, "checkout", "--progress", "--force", "-B", branch, checkoutTarget);
        } else {
            git.run(path, log::write, cancellation, "checkout", "--progress", "--force", "--detach", checkoutTarget);
        }
        String head = git.capture(path, cancellation, "log", "-1", "--format=%H");
        log.write("'" + head + "'");
        if (request.persistCredentials()) {
            // As actions/checkout does, so later steps can push or fetch with the same token.
            git.run(path, line -> {
            }, cancellation, "config", "--local", "http." + request.serverUrl() + "/.extraheader",
                    GitClient.authorizationHeader(request.token()));
        }
    }

    /**
     * Unsets every {@code http.<url>.extraheader} in the repository's own config at {@code path}
     * (a path that is no repository, or one without any, is left alone), naming each in {@code log}.
     */
    void removePersistedCredentials(Path path, java.util.function.Consumer<String> log, CancellationSignal cancellation)
            throws GitClient.GitException, InterruptedException {
        if (!Files.isDirectory(path.resolve(".git"))) {
            return;
        }
        List<String> names = new ArrayList<>();
        // Exit code 1 means none is set.
        git.attempt(path, names::add, cancellation, "config", "--local", "--name-only", "--get-regexp", "^http\\..*\\.extraheader$");
        for (String name : names.stream().map(String::strip).filter(name -> !name.isEmpty()).distinct().toList()) {
            log.accept("Removing the credential in " + name);
            git.attempt(path, line -> {
            }, cancellation, "config", "--local", "--unset-all", name);
        }
    }

    /** The branch to create for {@code ref}, or null for a detached checkout (tags, pull refs, shas). */
    private static String branchName(String ref) {
        if (ref == null) {
            return null;
        }
        if (ref.startsWith("refs/heads/")) {
            return ref.substring("refs/heads/".length());
        }
        return ref.startsWith("refs/") ? null : ref.contains("/") || !looksLikeTag(ref) ? ref : null;
    }

    private static boolean looksLikeTag(String ref) {
        return ref.matches("v?\\d.*");
    }

    /** Where a fetched commit is kept so git does not prune it; null when no ref is known. */
    private static String destination(String ref) {
        if (ref == null) {
            return null;
        }
        if (ref.startsWith("refs/heads/")) {
            return "refs/remotes/origin/" + ref.substring("refs/heads/".length());
        }
        if (ref.startsWith("refs/tags/")) {
            return ref;
        }
        if (ref.startsWith("refs/pull/")) {
            return "refs/remotes/pull/" + ref.substring("refs/pull/".length());
        }
        return ref.startsWith("refs/") ? ref : "refs/remotes/origin/" + ref;
    }

}
