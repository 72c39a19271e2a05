package dev.gantry.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.protocol.Conclusion;
import dev.gantry.testing.TestingGit;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestCheckout {
    @TempDir
    Path work;

    private TestingGit git;
    private Path server;
    private Path bare;
    private String first;
    private String second;

    @BeforeEach
    void createRepository() throws Exception {
        git = new TestingGit(Files.createDirectories(work.resolve("home")));
        Path source = Files.createDirectories(work.resolve("source"));
        git.run(source, "init", "-q");
        Files.writeString(source.resolve("README.md"), "first\n");
        git.run(source, "add", ".");
        git.run(source, "commit", "-q", "-m", "first");
        first = git.run(source, "rev-parse", "HEAD");
        git.run(source, "tag", "v1");
        Files.writeString(source.resolve("README.md"), "second\n");
        Files.writeString(source.resolve("build.sh"), "echo building\n");
        git.run(source, "add", ".");
        git.run(source, "commit", "-q", "-m", "second");
        second = git.run(source, "rev-parse", "HEAD");
        server = Files.createDirectories(work.resolve("server"));
        bare = server.resolve("octo/hello.git");
        Files.createDirectories(bare.getParent());
        git.run(work, "clone", "-q", "--bare", source.toString(), bare.toString());
    }

    private TestingJobs.Job job(String sha) {
        return TestingJobs.job().repository(server.toUri().toString().replaceFirst("/$", ""), bare.toUri().toString(), sha, "refs/heads/main");
    }

    private Path workspace() {
        return work.resolve("_work/hello/hello");
    }

    @Test
    void checksOutTheRunsCommitOnItsBranch() throws Exception {
        TestingJobs.Job job = job(second);
        job.uses("actions/checkout@v4");
        job.run("cat README.md; git rev-parse --abbrev-ref HEAD; git rev-parse HEAD; git rev-list --count HEAD; bash build.sh");
        TestingJobReporter reporter = TestingJobs.run(work, job);

        assertThat(reporter.completion().conclusion()).as(reporter.allLogs()).isEqualTo(Conclusion.SUCCESS);
        assertThat(reporter.output(2)).isEqualTo("second\nmain\n" + second + "\n1\nbuilding\n");
        assertThat(reporter.allLogs()).doesNotContain(TestingJobs.TOKEN);
    }

    @Test
    void checksOutAnOlderCommitBySha() throws Exception {
        TestingJobs.Job job = job(first);
        job.uses("actions/checkout@v3");
        job.run("cat README.md; git rev-parse HEAD");
        TestingJobReporter reporter = TestingJobs.run(work, job);

        assertThat(reporter.completion().conclusion()).as(reporter.allLogs()).isEqualTo(Conclusion.SUCCESS);
        assertThat(reporter.output(2)).isEqualTo("first\n" + first + "\n");
    }

    @Test
    void honoursPathRefAndFetchDepth() throws Exception {
        TestingJobs.Job job = job(second);
        job.uses("actions/checkout@v4").with("path", "tagged").with("ref", "v1");
        job.uses("actions/checkout@main").with("path", "full").with("fetch-depth", "0");
        job.run("cat tagged/README.md; git -C full rev-list --count HEAD; git -C full tag");
        TestingJobReporter reporter = TestingJobs.run(work, job);

        assertThat(reporter.completion().conclusion()).as(reporter.allLogs()).isEqualTo(Conclusion.SUCCESS);
        assertThat(reporter.output(3)).isEqualTo("first\n2\nv1\n");
    }

    @Test
    void persistsCredentialsForLaterGitCommandsAndCleansOnTheNextCheckout() throws Exception {
        TestingJobs.Job job = job(second);
        job.uses("actions/checkout@v4");
        job.run("git config --local --get-regexp 'extraheader' | wc -l; touch untracked.txt");
        TestingJobReporter reporter = TestingJobs.run(work, job);
        assertThat(reporter.output(2)).isEqualTo("1\n");

        // As a job whose runner died before its post step would leave it.
        git.run(workspace(), "config", "--local", "http.http://127.0.0.1:1/.extraheader", "AUTHORIZATION: basic c3RhbGU=");

        TestingJobs.Job again = job(second);
        again.uses("actions/checkout@v4").with("persist-credentials", "false");
        again.run("ls; git config --local --get-regexp 'extraheader' | wc -l");
        TestingJobReporter second = TestingJobs.run(work, again);
        assertThat(second.output(2)).doesNotContain("untracked.txt").contains("README.md");
        // The workspace is the same, but the stale credential is gone: its token is dead, and git
        // would send it before this job's.
        assertThat(second.output(2)).endsWith("\n0\n");
    }

    @Test
    void aPostStepRemovesThePersistedCredentialWhenTheJobEnds() throws Exception {
        TestingJobs.Job job = job(second);
        job.uses("actions/checkout@v4").with("token", "ghp_personal0123456789");
        job.run("git config --local --get-regexp 'extraheader' | wc -l");
        TestingJobReporter reporter = TestingJobs.run(work, job);

        assertThat(reporter.output(2)).isEqualTo("1\n");
        assertThat(reporter.last(3).name()).isEqualTo("Post Run actions/checkout@v4");
        assertThat(reporter.last(3).conclusion()).as(reporter.allLogs()).isEqualTo(Conclusion.SUCCESS);
        // A token given to checkout (a PAT) must not be readable by the next job on this runner.
        assertThat(git.run(workspace(), "config", "--local", "--list")).doesNotContain("extraheader");
        assertThat(reporter.allLogs()).doesNotContain("ghp_personal0123456789");
    }

    @Test
    void aPathOutsideTheWorkspaceIsRefused() throws Exception {
        TestingJobs.Job job = job(second);
        job.uses("actions/checkout@v4").with("path", "../../escape");
        TestingJobReporter reporter = TestingJobs.run(work, job);

        assertThat(reporter.last(1).conclusion()).isEqualTo(Conclusion.FAILURE);
        assertThat(reporter.log(1)).contains("is not under");
    }

    @Test
    void anUnknownRepositoryFailsTheStep() throws Exception {
        TestingJobs.Job job = job(second);
        job.uses("actions/checkout@v4").with("repository", "octo/missing");
        TestingJobReporter reporter = TestingJobs.run(work, job);

        assertThat(reporter.last(1).conclusion()).isEqualTo(Conclusion.FAILURE);
        assertThat(reporter.log(1)).contains("##[error]");
    }

    @Test
    void fetchesOverHttpWithTheJobTokenAndNeverPrintsIt() throws Exception {
        String authorization = GitClient.authorizationHeader(TestingJobs.TOKEN).substring("AUTHORIZATION: ".length());
        try (TestingGitHttpServer http = new TestingGitHttpServer(server, authorization)) {
            Path actionSource = Files.createDirectories(work.resolve("action-source"));
            git.run(actionSource, "init", "-q");
            Files.writeString(actionSource.resolve("action.yml"), "runs:\n  using: composite\n  steps:\n    - run: echo remote-over-http\n      shell: bash\n");
            git.run(actionSource, "add", ".");
            git.run(actionSource, "commit", "-q", "-m", "action");
            Files.createDirectories(server.resolve("acme"));
            git.run(work, "clone", "-q", "--bare", actionSource.toString(), server.resolve("acme/tool.git").toString());

            TestingJobs.Job job = TestingJobs.job().repository(http.url(), http.url() + "/octo/hello.git", second, "refs/heads/main");
            job.uses("actions/checkout@v4");
            job.uses("acme/tool@main");
            job.run("cat README.md; git fetch -q origin main && echo fetch-with-persisted-credentials");
            job.uses("actions/checkout@v4").with("path", "anonymous").with("token", "wrong-token-123456").continueOnError("true");
            TestingJobReporter reporter = TestingJobs.run(work, job);

            assertThat(reporter.last(1).conclusion()).as(reporter.allLogs()).isEqualTo(Conclusion.SUCCESS);
            assertThat(reporter.log(2)).contains("\nremote-over-http\n");
            assertThat(reporter.output(3)).isEqualTo("second\nfetch-with-persisted-credentials\n");
            assertThat(reporter.log(4)).as("a wrong token is refused").contains("##[error]git fetch failed with exit code 128");
            assertThat(http.refused()).isNotEmpty();
            assertThat(reporter.allLogs()).doesNotContain(TestingJobs.TOKEN, authorization.substring(6), "wrong-token-123456");
        }
    }
}
