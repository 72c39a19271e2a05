package dev.gantry.engine.git;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.engine.ErrorCategory;
import dev.gantry.engine.GantryException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestGitRepositories {
    private static final PersonIdent AUTHOR =
            new PersonIdent("octocat", "octocat@example.com", Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path root;

    @Test
    void createsABareRepositoryNamedByIdWithHeadOnTheDefaultBranch() throws Exception {
        GitRepositories repositories = new GitRepositories(root);

        repositories.create(7, "trunk");

        assertThat(repositories.exists(7)).isTrue();
        assertThat(root.resolve("7.git/HEAD")).exists();
        try (Repository repository = repositories.open(7)) {
            assertThat(repository.isBare()).isTrue();
            assertThat(repository.exactRef(Constants.HEAD).getTarget().getName()).isEqualTo("refs/heads/trunk");
        }
        assertThat(repositories.resolve(7, "HEAD")).isEmpty();
    }

    @Test
    void aReaderResolvesAndReadsThroughOneOpenAndNamesTheBlobByItsContent() {
        GitRepositories repositories = new GitRepositories(root);
        repositories.create(5, "main");
        String sha = repositories.commitInitialFiles(5, "main", Map.of(".github/workflows/ci.yml", bytes("on: push\n")), AUTHOR, "CI");

        try (GitRepositories.Reader reader = repositories.reader(5)) {
            assertThat(reader.resolve("refs/heads/main")).contains(sha);
            assertThat(reader.resolve("refs/tags/main")).isEmpty();
            GitBlob blob = reader.readBlob(sha, ".github/workflows/ci.yml").orElseThrow();
            assertThat(blob.content()).isEqualTo(bytes("on: push\n"));
            assertThat(blob.id()).isEqualTo(new org.eclipse.jgit.lib.ObjectInserter.Formatter()
                    .idFor(Constants.OBJ_BLOB, bytes("on: push\n")).name());
            assertThat(reader.readBlob(sha, ".github/workflows/none.yml")).isEmpty();
            assertThat(reader.listFiles(sha, ".github/workflows")).containsExactly(".github/workflows/ci.yml");
        }
        assertThat(repositories.readFile(5, sha, ".github/workflows/ci.yml")).hasValue(bytes("on: push\n"));
    }

    @Test
    void commitShowsAuthorshipTreeAndMessageOfWhatARefNames() {
        GitRepositories repositories = new GitRepositories(root);
        repositories.create(4, "main");
        String sha = repositories.commitInitialFiles(4, "main", Map.of("a.txt", bytes("a\n")), AUTHOR, "Initial commit");

        GitCommit commit = repositories.commit(4, "main").orElseThrow();

        assertThat(commit.id()).isEqualTo(sha);
        assertThat(commit.treeId()).hasSize(40).isNotEqualTo(sha);
        assertThat(commit.message()).isEqualTo("Initial commit\n");
        assertThat(commit.timestamp()).isEqualTo(Instant.parse("2026-11-23T10:00:00Z"));
        assertThat(commit.authorName()).isEqualTo("octocat");
        assertThat(commit.committerEmail()).isEqualTo("octocat@example.com");
        assertThat(repositories.commit(4, "no-such-branch")).isEmpty();
    }

    @Test
    void aCommitNamedByFullIdIsReadOnceAndForgottenWithItsRepository() {
        GitRepositories repositories = new GitRepositories(root);
        repositories.create(5, "main");
        String sha = repositories.commitInitialFiles(5, "main", Map.of("a.txt", bytes("a\n")), AUTHOR, "First");

        GitCommit first = repositories.commit(5, sha).orElseThrow();

        assertThat(repositories.commit(5, sha)).containsSame(first);
        assertThat(repositories.commit(5, "main").orElseThrow()).isNotSameAs(first).isEqualTo(first);
        repositories.delete(5);
        repositories.create(5, "main");
        assertThat(repositories.commit(5, sha)).isEmpty();
        String other = repositories.commitInitialFiles(5, "main", Map.of("b.txt", bytes("b\n")), AUTHOR, "Second");
        assertThat(repositories.commit(5, other).orElseThrow().message()).isEqualTo("Second\n");
    }

    @Test
    void refusesToCreateOverExistingStorage() {
        GitRepositories repositories = new GitRepositories(root);
        repositories.create(1, "main");

        assertThatThrownBy(() -> repositories.create(1, "main")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void deleteRemovesTheStorageAndOpeningItThenIsNotFound() {
        GitRepositories repositories = new GitRepositories(root);
        repositories.create(3, "main");
        repositories.commitInitialFiles(3, "main", Map.of("README.md", bytes("# hello\n")), AUTHOR, "Initial commit");

        repositories.delete(3);
        repositories.delete(3);

        assertThat(repositories.exists(3)).isFalse();
        assertThat(Files.exists(root.resolve("3.git"))).isFalse();
        assertThatThrownBy(() -> repositories.open(3))
                .isInstanceOfSatisfying(GantryException.class,
                        e -> assertThat(e.category()).isEqualTo(ErrorCategory.NOT_FOUND));
    }

    @Test
    void initialCommitHasTheFilesAndMovesTheBranch() {
        GitRepositories repositories = new GitRepositories(root);
        repositories.create(1, "main");

        String sha = repositories.commitInitialFiles(1, "main",
                Map.of("README.md", bytes("# demo\n"), ".github/workflows/ci.yml", bytes("on: push\n")),
                AUTHOR, "Initial commit");

        assertThat(repositories.resolve(1, "main")).contains(sha);
        assertThat(repositories.resolve(1, "refs/heads/main")).contains(sha);
        assertThat(repositories.resolve(1, "HEAD")).contains(sha);
        assertThat(repositories.readFile(1, sha, "README.md")).hasValueSatisfying(
                content -> assertThat(new String(content, UTF_8)).isEqualTo("# demo\n"));
        String message = repositories.withRepository(1, repository -> repository.parseCommit(ObjectId.fromString(sha))
                .getFullMessage());
        assertThat(message).isEqualTo("Initial commit\n");
    }

    @Test
    void initialCommitOfAnExistingBranchIsAConflict() {
        GitRepositories repositories = new GitRepositories(root);
        repositories.create(1, "main");
        repositories.commitInitialFiles(1, "main", Map.of("a", bytes("a")), AUTHOR, "first");

        assertThatThrownBy(() -> repositories.commitInitialFiles(1, "main", Map.of("b", bytes("b")), AUTHOR, "again"))
                .isInstanceOfSatisfying(GantryException.class,
                        e -> assertThat(e.category()).isEqualTo(ErrorCategory.CONFLICT));
    }

    @Test
    void readFileFindsFilesAndNothingElse() {
        GitRepositories repositories = new GitRepositories(root);
        repositories.create(1, "main");
        String sha = repositories.commitInitialFiles(1, "main",
                Map.of("README.md", bytes("readme"), ".github/workflows/ci.yml", bytes("on: push\n")), AUTHOR, "init");

        assertThat(repositories.readFile(1, sha, ".github/workflows/ci.yml")).hasValueSatisfying(
                content -> assertThat(new String(content, UTF_8)).isEqualTo("on: push\n"));
        assertThat(repositories.readFile(1, sha, "/README.md")).isPresent();
        assertThat(repositories.readFile(1, sha, ".github/workflows")).as("a directory").isEmpty();
        assertThat(repositories.readFile(1, sha, "missing.txt")).isEmpty();
        assertThat(repositories.readFile(1, sha, "")).isEmpty();
        assertThat(repositories.readFile(1, "0123456789012345678901234567890123456789", "README.md")).isEmpty();
        assertThat(repositories.readFile(1, "not a revision ^^", "README.md")).isEmpty();
    }

    @Test
    void listFilesListsTheFilesDirectlyInADirectory() {
        GitRepositories repositories = new GitRepositories(root);
        repositories.create(1, "main");
        String sha = repositories.commitInitialFiles(1, "main", Map.of(
                "README.md", bytes("readme"),
                ".github/workflows/ci.yml", bytes("ci"),
                ".github/workflows/release.yaml", bytes("release"),
                ".github/workflows/nested/ignored.yml", bytes("nested"),
                ".github/dependabot.yml", bytes("deps")), AUTHOR, "init");

        assertThat(repositories.listFiles(1, sha, ".github/workflows"))
                .containsExactly(".github/workflows/ci.yml", ".github/workflows/release.yaml");
        assertThat(repositories.listFiles(1, sha, "/.github/workflows/"))
                .containsExactly(".github/workflows/ci.yml", ".github/workflows/release.yaml");
        assertThat(repositories.listFiles(1, sha, "")).containsExactly("README.md");
        assertThat(repositories.listFiles(1, sha, ".github")).containsExactly(".github/dependabot.yml");
        assertThat(repositories.listFiles(1, sha, "README.md")).as("a file is not a directory").isEmpty();
        assertThat(repositories.listFiles(1, sha, "absent")).isEmpty();
    }

    @Test
    void resolveNamesCommitsByRefShortRefFullAndAbbreviatedId() {
        GitRepositories repositories = new GitRepositories(root);
        repositories.create(1, "main");
        String sha = repositories.commitInitialFiles(1, "main", Map.of("a", bytes("a")), AUTHOR, "init");

        assertThat(repositories.resolve(1, sha)).contains(sha);
        assertThat(repositories.resolve(1, sha.substring(0, 10))).contains(sha);
        assertThat(repositories.resolve(1, "refs/heads/other")).isEmpty();
        assertThat(repositories.resolve(1, "0123456789012345678901234567890123456789")).isEmpty();
        assertThat(repositories.resolve(1, "")).isEmpty();
        assertThat(repositories.resolve(1, "bad..name")).isEmpty();
    }

    @Test
    void setDefaultBranchMovesHead() {
        GitRepositories repositories = new GitRepositories(root);
        repositories.create(1, "main");

        repositories.setDefaultBranch(1, "develop");

        String head = repositories.withRepository(1, repository -> repository.exactRef(Constants.HEAD).getTarget().getName());
        assertThat(head).isEqualTo("refs/heads/develop");
        assertThatThrownBy(() -> repositories.setDefaultBranch(1, "bad..name")).isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }
}
