package dev.gantry.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.protocol.Conclusion;
import dev.gantry.protocol.StepStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestJobExecutor {
    @TempDir
    Path work;

    @Test
    void runsStepsAndReportsEachOne() throws Exception {
        TestingJobs.Job job = TestingJobs.job();
        job.run("echo hello");
        job.run("echo world").name("Second");
        TestingJobReporter reporter = TestingJobs.run(work, job);

        assertThat(reporter.completion().conclusion()).isEqualTo(Conclusion.SUCCESS);
        assertThat(reporter.stepNumbers()).containsExactly(0, 1, 2, 3);
        assertThat(reporter.last(0).name()).isEqualTo("Set up job");
        assertThat(reporter.last(1).name()).isEqualTo("Run echo hello");
        assertThat(reporter.updates(1)).extracting(update -> update.status()).containsExactly(StepStatus.IN_PROGRESS, StepStatus.COMPLETED);
        assertThat(reporter.last(1).conclusion()).isEqualTo(Conclusion.SUCCESS);
        assertThat(reporter.last(2).name()).isEqualTo("Second");
        assertThat(reporter.last(3).name()).isEqualTo("Complete job");
        assertThat(reporter.log(1)).contains("##[group]Run echo hello\n", "shell: ", "-e {0}\n", "##[endgroup]\n", "\nhello\n");
        assertThat(reporter.log(2)).contains("\nworld\n");
    }

    @Test
    void aFailingStepFailsTheJobAndSkipsTheRest() throws Exception {
        TestingJobs.Job job = TestingJobs.job();
        job.run("exit 3");
        job.run("echo never");
        TestingJobReporter reporter = TestingJobs.run(work, job);

        assertThat(reporter.completion().conclusion()).isEqualTo(Conclusion.FAILURE);
        assertThat(reporter.last(1).conclusion()).isEqualTo(Conclusion.FAILURE);
        assertThat(reporter.log(1)).contains("##[error]Process completed with exit code 3.");
        assertThat(reporter.last(1).annotations()).extracting(a -> a.message()).containsExactly("Process completed with exit code 3.");
        assertThat(reporter.updates(2)).hasSize(1);
        assertThat(reporter.last(2).conclusion()).isEqualTo(Conclusion.SKIPPED);
        assertThat(reporter.log(2)).doesNotContain("never");
    }

    @Test
    void statusFunctionsDecideWhichStepsRunAfterAFailure() throws Exception {
        TestingJobs.Job job = TestingJobs.job();
        job.run("false").id("broken");
        job.run("echo on-failure").condition("failure()");
        job.run("echo always").condition("${{ always() }}");
        job.run("echo on-success").condition("success()");
        job.run("echo implicit").condition("github.event_name == 'push'");
        job.run("echo outcome=${{ steps.broken.outcome }}").condition("failure() && steps.broken.conclusion == 'failure'");
        TestingJobReporter reporter = TestingJobs.run(work, job);

        assertThat(reporter.last(2).conclusion()).isEqualTo(Conclusion.SUCCESS);
        assertThat(reporter.last(3).conclusion()).isEqualTo(Conclusion.SUCCESS);
        assertThat(reporter.last(4).conclusion()).isEqualTo(Conclusion.SKIPPED);
        assertThat(reporter.last(5).conclusion()).as("an if without status function means success() && ...").isEqualTo(Conclusion.SKIPPED);
        assertThat(reporter.log(6)).contains("\noutcome=failure\n");
        assertThat(reporter.completion().conclusion()).isEqualTo(Conclusion.FAILURE);
    }

    @Test
    void continueOnErrorKeepsTheJobGreenButTheOutcomeFailed() throws Exception {
        TestingJobs.Job job = TestingJobs.job();
        job.run("exit 1").id("flaky").continueOnError("true");
        job.run("echo ${{ steps.flaky.outcome }}/${{ steps.flaky.conclusion }}/${{ job.status }}");
        job.run("exit 1").continueOnError("${{ 1 == 2 }}");
        TestingJobReporter reporter = TestingJobs.run(work, job);

        assertThat(reporter.last(1).conclusion()).isEqualTo(Conclusion.SUCCESS);
        assertThat(reporter.log(2)).contains("\nfailure/success/success\n");
        assertThat(reporter.last(3).conclusion()).isEqualTo(Conclusion.FAILURE);
        assertThat(reporter.completion().conclusion()).isEqualTo(Conclusion.FAILURE);
    }

    @Test
    void envLayersWorkflowJobAndStepAndGithubEnvWins() throws Exception {
        TestingJobs.Job job = TestingJobs.job().env("A", "job").env("B", "job").env("C", "${{ github.actor }}");
        job.run("echo \"A=$A B=$B C=$C\"").env("B", "step");
        job.run("echo 'A=from-file' >> \"$GITHUB_ENV\"");
        job.run("echo \"A=$A B=$B\" ; echo ctx=${{ env.A }}");
        job.run("echo \"A=$A\"").env("A", "step-wins");
        TestingJobReporter reporter = TestingJobs.run(work, job);

        assertThat(reporter.log(1)).contains("\nA=job B=step C=mona\n");
        assertThat(reporter.log(3)).contains("\nA=from-file B=job\n", "\nctx=from-file\n");
        assertThat(reporter.log(4)).contains("\nA=step-wins\n");
    }

    @Test
    void defaultVariablesDescribeTheRunAndCannotBeOverridden() throws Exception {
        TestingJobs.Job job = TestingJobs.job().env("GITHUB_SHA", "forged");
        job.run("""
                for v in GITHUB_ACTIONS CI GITHUB_SHA GITHUB_REF GITHUB_REF_NAME GITHUB_REPOSITORY GITHUB_REPOSITORY_OWNER \\
                  GITHUB_RUN_ID GITHUB_RUN_NUMBER GITHUB_RUN_ATTEMPT GITHUB_SERVER_URL GITHUB_API_URL GITHUB_JOB GITHUB_ACTOR \\
                  GITHUB_EVENT_NAME GITHUB_WORKFLOW RUNNER_OS RUNNER_ARCH RUNNER_NAME GITHUB_ACTION; do echo "$v=${!v}"; done
                test "$GITHUB_WORKSPACE" = "$PWD" && echo workspace-is-cwd
                test -d "$RUNNER_TEMP" && test -d "$RUNNER_TOOL_CACHE" && echo dirs-exist
                test -f "$GITHUB_ENV" && test -f "$GITHUB_OUTPUT" && test -f "$GITHUB_PATH" && test -f "$GITHUB_STATE" && test -f "$GITHUB_STEP_SUMMARY" && echo files-exist
                grep -q refs/heads/main "$GITHUB_EVENT_PATH" && echo event-file
                """).shell("bash");
        TestingJobReporter reporter = TestingJobs.run(work, job);

        assertThat(reporter.log(1)).contains("\nGITHUB_ACTIONS=true\n", "\nCI=true\n",
                "\nGITHUB_SHA=0123456789abcdef0123456789abcdef01234567\n", "\nGITHUB_REF=refs/heads/main\n", "\nGITHUB_REF_NAME=main\n",
                "\nGITHUB_REPOSITORY=octo/hello\n", "\nGITHUB_REPOSITORY_OWNER=octo\n", "\nGITHUB_RUN_ID=7\n", "\nGITHUB_RUN_NUMBER=3\n",
                "\nGITHUB_RUN_ATTEMPT=1\n", "\nGITHUB_SERVER_URL=http://gantry.test:8080\n",
                "\nGITHUB_API_URL=http://gantry.test:8080/api/v3\n", "\nGITHUB_JOB=build\n", "\nGITHUB_ACTOR=mona\n",
                "\nGITHUB_EVENT_NAME=push\n", "\nGITHUB_WORKFLOW=CI\n", "\nRUNNER_OS=Linux\n", "\nRUNNER_ARCH=X64\n",
                "\nRUNNER_NAME=runner-1\n", "\nGITHUB_ACTION=__run\n", "\nworkspace-is-cwd\n", "\ndirs-exist\n", "\nfiles-exist\n",
                "\nevent-file\n");
    }

    @Test
    void stepOutputsIncludingMultiLineHeredocsAndSetOutput() throws Exception {
        TestingJobs.Job job = TestingJobs.job().output("joined", "${{ steps.produce.outputs.single }}-${{ steps.produce.outputs.legacy }}");
        job.run("""
                echo "single=one" >> "$GITHUB_OUTPUT"
                {
                  echo "multi<<EOF_MARK"
                  echo "line 1"
                  echo "line 2"
                  echo "EOF_MARK"
                } >> "$GITHUB_OUTPUT"
                echo "::set-output name=legacy::old%25style"
                """).id("produce");
        job.run("echo \"[${{ steps.produce.outputs.multi }}]\"");
        TestingJobReporter reporter = TestingJobs.run(work, job);

        assertThat(reporter.log(2)).contains("\n[line 1\n", "\nline 2]\n");
        assertThat(reporter.completion().outputs()).containsExactly(java.util.Map.entry("joined", "one-old%style"));
    }

    @Test
    void multiLineEnvironmentValuesFromHeredocs() throws Exception {
        TestingJobs.Job job = TestingJobs.job();
        job.run("""
                delimiter="ghadelimiter_$RANDOM"
                { echo "NOTES<<$delimiter"; echo "first line"; echo "NAME=not-a-variable"; echo "$delimiter"; } >> "$GITHUB_ENV"
                """);
        job.run("printf '%s|' \"$NOTES\"; echo; echo \"NAME=[${NAME:-unset}]\"; echo '${{ env.NOTES }}' | wc -l");
        TestingJobReporter reporter = TestingJobs.run(work, job);

        assertThat(reporter.output(2)).isEqualTo("first line\nNAME=not-a-variable|\nNAME=[unset]\n2\n");
    }

    @Test
    void githubPathIsPrependedForLaterSteps() throws Exception {
        Path tools = Files.createDirectories(work.resolve("tools"));
        Path tool = tools.resolve("greet-me");
        Files.writeString(tool, "#!/bin/sh\necho greetings from the tool\n");
        tool.toFile().setExecutable(true);
        TestingJobs.Job job = TestingJobs.job();
        job.run("echo '" + tools + "' >> \"$GITHUB_PATH\"");
        job.run("greet-me; echo \"first=${PATH%%:*}\"");
        TestingJobReporter reporter = TestingJobs.run(work, job);

        assertThat(reporter.log(2)).contains("\ngreetings from the tool\n", "\nfirst=" + tools + "\n");
    }

    @Test
    void malformedEnvFileFailsTheStep() throws Exception {
        TestingJobs.Job job = TestingJobs.job();
        job.run("echo 'NAME<<END' >> \"$GITHUB_OUTPUT\"; echo 'no end' >> \"$GITHUB_OUTPUT\"");
        TestingJobReporter reporter = TestingJobs.run(work, job);

        assertThat(reporter.last(1).conclusion()).isEqualTo(Conclusion.FAILURE);
        assertThat(reporter.log(1)).contains("##[error]Matching delimiter not found 'END'");
    }

    @Test
    void stepSummaryIsReportedMasked() throws Exception {
        TestingJobs.Job job = TestingJobs.job().secret("PASSWORD", "hunter2hunter2");
        job.run("echo '### Done with ${{ secrets.PASSWORD }}' >> \"$GITHUB_STEP_SUMMARY\"");
        TestingJobReporter reporter = TestingJobs.run(work, job);

        assertThat(reporter.last(1).summary()).isEqualTo("### Done with ***\n");
    }

    @Test
    void shellsAndDefaultsRun() throws Exception {
        Files.createDirectories(work.resolve("_work/hello/hello/sub"));
        TestingJobs.Job job = TestingJobs.job().defaults("sh", "sub");
        job.run("echo \"in $(basename $PWD)\"");
        job.run("set -o | grep pipefail").shell("bash");
        job.run("import sys; print('python', sys.version_info[0])").shell("python");
        job.run("echo custom; exit 0").shell("bash -c 'echo via-custom' {0}");
        job.run("console.log('node says', 1 + 1)").shell("node {0}");
        job.run("echo top").workingDirectory("${{ github.workspace }}");
        TestingJobReporter reporter = TestingJobs.run(work, job);

        assertThat(reporter.log(1)).contains("\nin sub\n", "shell: /", "sh -e {0}");
        assertThat(reporter.log(2)).contains("--noprofile --norc -eo pipefail {0}", "\npipefail       \ton\n");
        assertThat(reporter.log(3)).contains("\npython 3\n");
        assertThat(reporter.log(5)).contains("\nnode says 2\n");
        assertThat(reporter.log(6)).contains("\ntop\n");
        assertThat(reporter.completion().conclusion()).isEqualTo(Conclusion.SUCCESS);
    }

    @Test
    void unknownShellFailsTheStepWithGithubsMessage() throws Exception {
        TestingJobs.Job job = TestingJobs.job();
        job.run("echo x").shell("fish");
        TestingJobReporter reporter = TestingJobs.run(work, job);

        assertThat(reporter.last(1).conclusion()).isEqualTo(Conclusion.FAILURE);
        assertThat(reporter.log(1)).contains("##[error]Invalid shell option");
    }

    @Test
    void missingWorkingDirectoryFailsTheStep() throws Exception {
        TestingJobs.Job job = TestingJobs.job();
        job.run("echo x").workingDirectory("nowhere");
        TestingJobReporter reporter = TestingJobs.run(work, job);

        assertThat(reporter.last(1).conclusion()).isEqualTo(Conclusion.FAILURE);
        assertThat(reporter.log(1)).contains("with working directory", "nowhere'. No such file or directory");
    }

    @Test
    void contextsReachTemplatesInRunEnvAndName() throws Exception {
        TestingJobs.Job job = TestingJobs.job()
                .context("matrix", java.util.Map.of("os", "linux", "node", 20))
                .context("strategy", java.util.Map.of("job-index", 0, "job-total", 2))
                .context("needs", java.util.Map.of("setup", java.util.Map.of("result", "success", "outputs", java.util.Map.of("v", "1.2"))))
                .context("vars", java.util.Map.of("COLOR", "blue"))
                .context("inputs", java.util.Map.of("level", "debug"));
        job.run("echo \"$M ${{ strategy.job-total }} ${{ needs.setup.outputs.v }} ${{ vars.COLOR }} ${{ inputs.level }} ${{ runner.os }} ${{ github.job }}\"")
                .name("Build on ${{ matrix.os }}").env("M", "node${{ matrix.node }}");
        TestingJobReporter reporter = TestingJobs.run(work, job);

        assertThat(reporter.last(1).name()).isEqualTo("Build on linux");
        assertThat(reporter.log(1)).contains("\nnode20 2 1.2 blue debug Linux build\n");
    }

    @Test
    void anInvalidExpressionFailsTheStep() throws Exception {
        TestingJobs.Job job = TestingJobs.job();
        job.run("echo ${{ fromJSON('{') }}");
        job.run("echo x").condition("${{ nope( }}");
        job.run("echo after").condition("always()");
        TestingJobReporter reporter = TestingJobs.run(work, job);

        assertThat(reporter.last(1).conclusion()).isEqualTo(Conclusion.FAILURE);
        assertThat(reporter.log(1)).contains("##[error]");
        assertThat(reporter.last(2).conclusion()).as("a condition that cannot be parsed fails its step").isEqualTo(Conclusion.FAILURE);
        assertThat(reporter.log(2)).contains("##[error]The step 'Run echo x' failed: its 'if' could not be evaluated:");
        assertThat(reporter.log(3)).contains("\nafter\n");
    }

    @Test
    void containerJobsFailWithAClearMessage() throws Exception {
        TestingJobs.Job job = TestingJobs.job().container(java.util.Map.of("image", "node:20"));
        job.run("echo never");
        TestingJobReporter reporter = TestingJobs.run(work, job);

        assertThat(reporter.completion().conclusion()).isEqualTo(Conclusion.FAILURE);
        assertThat(reporter.log(0)).contains("##[error]This runner does not run jobs in containers");
        assertThat(reporter.stepNumbers()).doesNotContain(1);
    }

    @Test
    void dockerActionsFailWithAClearMessage() throws Exception {
        TestingJobs.Job job = TestingJobs.job();
        job.uses("docker://alpine:3");
        TestingJobReporter reporter = TestingJobs.run(work, job);

        assertThat(reporter.last(1).conclusion()).isEqualTo(Conclusion.FAILURE);
        assertThat(reporter.log(1)).contains("##[error]This runner does not run Docker container actions ('docker://alpine:3').");
    }

    @Test
    void hashFilesHashesWorkspaceFiles() throws Exception {
        Path workspace = Files.createDirectories(work.resolve("_work/hello/hello"));
        Files.writeString(workspace.resolve("package-lock.json"), "{}");
        TestingJobs.Job job = TestingJobs.job();
        job.run("echo \"key=${{ hashFiles('**/package-lock.json') }} none=[${{ hashFiles('*.missing') }}]\"");
        TestingJobReporter reporter = TestingJobs.run(work, job);

        String expected = new HashFiles(workspace).hash(java.util.List.of("package-lock.json"));
        assertThat(expected).hasSize(64);
        assertThat(reporter.log(1)).contains("\nkey=" + expected + " none=[]\n");
    }

    @Test
    void processesLeftRunningAreKilledWhenTheJobEnds() throws Exception {
        TestingJobs.Job job = TestingJobs.job();
        job.run("sleep 301 > /dev/null 2>&1 &\necho $! > \"$RUNNER_TEMP/../pid\"");
        job.run("RUNNER_TRACKING_ID= sleep 302 > /dev/null 2>&1 &\necho $! > \"$RUNNER_TEMP/../kept\"");
        TestingJobReporter reporter = TestingJobs.run(work, job);

        long orphan = Long.parseLong(Files.readString(work.resolve("_work/pid")).strip());
        long kept = Long.parseLong(Files.readString(work.resolve("_work/kept")).strip());
        try {
            assertThat(reporter.log(3)).contains("Terminate orphan process: pid (" + orphan + ") (sleep)");
            long deadline = System.currentTimeMillis() + 5_000;
            while (running(orphan) && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertThat(running(orphan)).isFalse();
            assertThat(running(kept)).as("clearing RUNNER_TRACKING_ID escapes, as on GitHub").isTrue();
        } finally {
            ProcessHandle.of(kept).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    /** Alive and not a zombie (a killed orphan stays a zombie until init reaps it, which a container's init may never do). */
    private static boolean running(long pid) throws Exception {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        if (!Files.exists(stat)) {
            return false;
        }
        String text = Files.readString(stat);
        return text.charAt(text.lastIndexOf(')') + 2) != 'Z';
    }

    @Test
    void theRunnersOwnJobVariablesDoNotLeakIntoJobs() {
        assertThat(JobExecutor.withoutJobVariables(java.util.Map.of("PATH", "/bin", "GITHUB_HEAD_REF", "outer", "ACTIONS_CACHE_URL", "x",
                "RUNNER_TEMP", "/t", "INPUT_X", "1", "HOME", "/root"))).isEqualTo(java.util.Map.of("PATH", "/bin", "HOME", "/root"));
    }
}
