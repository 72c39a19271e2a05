package dev.gantry.engine.runners;

import java.util.Objects;
import java.util.Optional;

/**
 * A workflow a restricted runner group allows, as GitHub spells it:
 * {@code octo-org/app/.github/workflows/deploy.yml@main} (a branch, a tag, a full ref or a commit SHA).
 *
 * @param repository the {@code owner/repo} part
 * @param repositoryId that repository's id, or null when it does not exist (the entry then matches nothing)
 */
public record SelectedWorkflow(String workflow, String repository, Long repositoryId, String path, String ref) {
    public SelectedWorkflow {
        Objects.requireNonNull(workflow, "workflow");
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(ref, "ref");
    }

    /** The parts of {@code owner/repo/path@ref}; empty when it is not of that shape. */
    public static Optional<SelectedWorkflow> parse(String workflow) {
        int at = workflow.lastIndexOf('@');
        String[] parts = (at < 0 ? workflow : workflow.substring(0, at)).split("/", 3);
        if (at <= 0 || at == workflow.length() - 1 || parts.length < 3 || parts[0].isEmpty() || parts[1].isEmpty()
                || parts[2].isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new SelectedWorkflow(workflow, parts[0] + "/" + parts[1], null, parts[2], workflow.substring(at + 1)));
    }

    public SelectedWorkflow withRepositoryId(Long id) {
        return new SelectedWorkflow(workflow, repository, id, path, ref);
    }
}
