package dev.gantry.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestJobMasking {
    @TempDir
    Path work;

    @Test
    void secretsTokensAndMaskValuesNeverLeaveTheRunner() throws Exception {
        TestingJobs.Job job = TestingJobs.job().secret("API_KEY", "s3cr3t-value-42").mask("minted-by-server-99");
        job.run("""
                echo "key=${{ secrets.API_KEY }}"
                echo "token=$TOKEN"
                echo "minted-by-server-99 twice s3cr3t-value-42"
                echo '{"k":"${{ secrets.API_KEY }}"}'
                """).env("TOKEN", "${{ github.token }}");
        TestingJobReporter reporter = TestingJobs.run(work, job);

        String log = reporter.allLogs();
        assertThat(log).contains("\nkey=***\n", "\ntoken=***\n", "\n*** twice ***\n", "{\"k\":\"***\"}")
                .doesNotContain("s3cr3t-value-42", TestingJobs.TOKEN, "minted-by-server-99");
    }

    @Test
    void addMaskHidesLaterLinesAndIsNotPrinted() throws Exception {
        TestingJobs.Job job = TestingJobs.job();
        job.run("echo before-generated-1234; echo '::add-mask::generated-1234'; echo after-generated-1234");
        job.run("echo next-step generated-1234");
        TestingJobReporter reporter = TestingJobs.run(work, job);

        assertThat(reporter.output(1)).contains("before-generated-1234\n", "\nafter-***\n").doesNotContain("add-mask");
        assertThat(reporter.log(2)).contains("\nnext-step ***\n");
    }

    @Test
    void multiLineSecretsAreMaskedLineByLine() throws Exception {
        TestingJobs.Job job = TestingJobs.job().secret("KEY", "-----BEGIN KEY-----\nline-two-abcdef\n-----END KEY-----");
        job.run("echo \"$KEY\"; echo 'alone: line-two-abcdef'").env("KEY", "${{ secrets.KEY }}");
        TestingJobReporter reporter = TestingJobs.run(work, job);

        assertThat(reporter.log(1)).contains("\n***\n***\n***\n", "\nalone: ***\n").doesNotContain("line-two-abcdef", "BEGIN KEY");
    }

    @Test
    void aSecretWrittenInPiecesIsMaskedOnceTheLineIsWhole() throws Exception {
        // The process writes the secret in two writes with a pause: the reader sees two reads, the log one line.
        TestingJobs.Job job = TestingJobs.job().secret("PIECES", "abcdefgh-ijklmnop");
        job.run("printf 'x abcdefgh'; sleep 0.4; printf -- '-ijklmnop y\\n'");
        TestingJobReporter reporter = TestingJobs.run(work, job);

        assertThat(reporter.output(1)).contains("x *** y\n").doesNotContain("abcdefgh", "ijklmnop");
    }

    @Test
    void outputsHoldingSecretsAreDroppedWithAWarning() throws Exception {
        TestingJobs.Job job = TestingJobs.job().secret("PASSWORD", "pa55word-xyz")
                .output("leak", "${{ steps.s.outputs.value }}").output("fine", "${{ steps.s.outputs.other }}");
        job.run("echo 'value=pa55word-xyz' >> $GITHUB_OUTPUT; echo 'other=ok' >> $GITHUB_OUTPUT").id("s");
        TestingJobReporter reporter = TestingJobs.run(work, job);

        assertThat(reporter.completion().outputs()).containsExactly(java.util.Map.entry("fine", "ok"));
        assertThat(reporter.allLogs()).contains("##[warning]Skip output 'leak' since it may contain secret.");
    }

    @Test
    void annotationsAndGroupsFollowWorkflowCommands() throws Exception {
        TestingJobs.Job job = TestingJobs.job().secret("S", "hidden-annotation");
        job.run("""
                echo '::group::Compile'
                echo inside
                echo '::endgroup::'
                echo '::error file=src/a.c,line=3,col=5,title=Bad::broken%0Ahere hidden-annotation'
                echo '::warning::careful'
                echo '::notice title=FYI::note'
                echo '::debug::not shown without debug'
                echo '::stop-commands::pause-token'
                echo '::error::not a command now'
                echo '::pause-token::'
                echo '::notice::back'
                """);
        TestingJobReporter reporter = TestingJobs.run(work, job);

        String log = reporter.output(1);
        assertThat(log).contains("##[group]Compile\ninside\n##[endgroup]\n", "##[error]broken\nhere ***\n", "##[warning]careful\n",
                "##[notice]note\n", "\n::error::not a command now\n", "##[notice]back\n").doesNotContain("not shown without debug");
        assertThat(reporter.last(1).annotations()).extracting(a -> a.level().name() + ":" + a.message())
                .containsExactly("FAILURE:broken\nhere ***", "WARNING:careful", "NOTICE:note", "NOTICE:back");
        var error = reporter.last(1).annotations().getFirst();
        assertThat(error.file()).isEqualTo("src/a.c");
        assertThat(error.line()).isEqualTo(3);
        assertThat(error.column()).isEqualTo(5);
        assertThat(error.title()).isEqualTo("Bad");
    }

    @Test
    void debugOutputShowsWhenStepDebugIsOn() throws Exception {
        TestingJobs.Job job = TestingJobs.job().secret("ACTIONS_STEP_DEBUG", "true");
        job.run("echo '::debug::now visible'; echo \"RUNNER_DEBUG=$RUNNER_DEBUG\"");
        TestingJobReporter reporter = TestingJobs.run(work, job);

        assertThat(reporter.log(1)).contains("##[debug]now visible\n", "\nRUNNER_DEBUG=1\n");
    }

    @Test
    void setEnvIsRefusedUnlessUnsecureCommandsAreAllowed() throws Exception {
        TestingJobs.Job job = TestingJobs.job();
        job.run("echo '::set-env name=X::1'");
        TestingJobReporter refused = TestingJobs.run(work, job);
        assertThat(refused.last(1).conclusion()).isEqualTo(dev.gantry.protocol.Conclusion.FAILURE);
        assertThat(refused.log(1)).contains("The `set-env` command is disabled.");

        TestingJobs.Job allowed = TestingJobs.job().env("ACTIONS_ALLOW_UNSECURE_COMMANDS", "true");
        allowed.run("echo '::set-env name=X::1'");
        allowed.run("echo \"X=$X\"");
        TestingJobReporter reporter = TestingJobs.run(work, allowed);
        assertThat(reporter.log(2)).contains("\nX=1\n");
    }

    @Test
    void stepNamesAreMaskedToo() throws Exception {
        TestingJobs.Job job = TestingJobs.job().secret("TARGET", "prod-host-secret");
        job.run("true").name("Deploy to ${{ secrets.TARGET }}");
        TestingJobReporter reporter = TestingJobs.run(work, job);

        assertThat(reporter.last(1).name()).isEqualTo("Deploy to ***");
    }
}
