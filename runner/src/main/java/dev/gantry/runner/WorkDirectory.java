package dev.gantry.runner;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The runner's directory, laid out as GitHub's runner lays out its own: the credential file at
 * the top, and under {@code _work} one folder per repository (the workspace is
 * {@code _work/<repo>/<repo>}, kept between jobs), {@code _temp} (emptied for each job),
 * {@code _actions} (actions downloaded for the current job) and {@code _tool} (the tool cache).
 */
public record WorkDirectory(Path root) {
    public WorkDirectory {
        root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    }

    public Path credentialFile() {
        return root.resolve(".runner");
    }

    public Path work() {
        return root.resolve("_work");
    }

    /** {@code GITHUB_WORKSPACE} for {@code owner/name}. */
    public Path workspace(String repositoryFullName) {
        String name = repositoryFullName.substring(repositoryFullName.indexOf('/') + 1);
        return work().resolve(name).resolve(name);
    }

    public Path temp() {
        return work().resolve("_temp");
    }

    public Path actions() {
        return work().resolve("_actions");
    }

    public Path toolCache() {
        return work().resolve("_tool");
    }
}
