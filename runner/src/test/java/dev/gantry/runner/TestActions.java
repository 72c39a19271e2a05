package dev.gantry.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.protocol.Conclusion;
import dev.gantry.testing.TestingGit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestActions {
    @TempDir
    Path work;

    private Path workspace() throws Exception {
        return Files.createDirectories(work.resolve("_work/hello/hello"));
    }

    private void write(Path file, String text) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    @Test
    void compositeActionGetsInputsAndSetsOutputs() throws Exception {
        write(workspace().resolve(".github/actions/greet/action.yml"), """
                name: Greet
                inputs:
                  who:
                    description: whom to greet
                    required: true
                  greeting:
                    default: Hello
                  token:
                    default: ${{ github.token }}
                outputs:
                  message:
                    value: ${{ steps.say.outputs.text }}
                  from-env:
                    value: ${{ env.CALLER }}
                runs:
                  using: composite
                  steps:
                    - id: say
                      shell: bash
                      run: |
                        echo "text=${{ inputs.greeting }}, ${{ inputs.who }}!" >> "$GITHUB_OUTPUT"
                        echo "action path is $GITHUB_ACTION_PATH"
                        echo "caller env $CALLER, token ${{ inputs.token }}"
                    - if: ${{ inputs.who == 'nobody' }}
                      shell: sh
                      run: echo never
                    - shell: bash
                      run: echo 'FROM_COMPOSITE=yes' >> "$GITHUB_ENV"
                """);
        TestingJobs.Job job = TestingJobs.job();
        job.uses("./.github/actions/greet").id("greet").with("who", "${{ github.actor }}").env("CALLER", "set-by-step");
        job.run("echo \"${{ steps.greet.outputs.message }} / ${{ steps.greet.outputs.from-env }} / $FROM_COMPOSITE\"");
        TestingJobReporter reporter = TestingJobs.run(work, job);

        assertThat(reporter.completion().conclusion()).as(reporter.allLogs()).isEqualTo(Conclusion.SUCCESS);
        assertThat(reporter.last(1).name()).isEqualTo("Run ./.github/actions/greet");
        assertThat(reporter.log(1)).contains("\naction path is " + workspace().resolve(".github/actions/greet") + "\n",
                "\ncaller env set-by-step, token ***\n").doesNotContain("never\n");
        assertThat(reporter.output(2)).contains("Hello, mona! / set-by-step / yes\n");
    }

    @Test
    void compositeActionsNestAndTheirStepsSeeTheirOwnSuccess() throws Exception {
        write(workspace().resolve("outer/action.yml"), """
                inputs:
                  value: { default: from-outer }
                outputs:
                  doubled: { value: "${{ steps.inner.outputs.doubled }}" }
                runs:
                  using: composite
                  steps:
                    - id: inner
                      uses: ./inner
                      with:
                        value: ${{ inputs.value }}
                    - run: echo "inner said ${{ steps.inner.outputs.doubled }}, success=${{ job.status }}"
                      shell: bash
                """);
        write(workspace().resolve("inner/action.yml"), """
                inputs:
                  value: { required: true }
                outputs:
                  doubled: { value: "${{ steps.d.outputs.v }}" }
                runs:
                  using: composite
                  steps:
                    - id: d
                      run: echo "v=${{ inputs.value }}${{ inputs.value }}" >> "$GITHUB_OUTPUT"
                      shell: sh
                """);
        TestingJobs.Job job = TestingJobs.job();
        job.uses("./outer").id("outer").with("value", "ab");
        job.run("echo 'result ${{ steps.outer.outputs.doubled }}'");
        TestingJobReporter reporter = TestingJobs.run(work, job);

        assertThat(reporter.completion().conclusion()).as(reporter.allLogs()).isEqualTo(Conclusion.SUCCESS);
        assertThat(reporter.log(1)).contains("\ninner said abab, success=success\n");
        assertThat(reporter.output(2)).isEqualTo("result abab\n");
    }

    @Test
    void aFailingCompositeStepFailsTheActionStep() throws Exception {
        write(workspace().resolve("broken/action.yaml"), """
                name: Broken
                runs:
                  using: composite
                  steps:
                    - run: exit 4
                      shell: bash
                    - run: echo cleanup-ran
                      shell: bash
                      if: failure()
                """);
        TestingJobs.Job job = TestingJobs.job();
        job.uses("./broken");
        TestingJobReporter reporter = TestingJobs.run(work, job);

        assertThat(reporter.last(1).conclusion()).isEqualTo(Conclusion.FAILURE);
        assertThat(reporter.log(1)).contains("##[error]Process completed with exit code 4.", "\ncleanup-ran\n");
    }

    @Test
    void javascriptActionGetsInputsAsEnvironmentAndRunsPreAndPost() throws Exception {
        Path action = workspace().resolve("js-action");
        write(action.resolve("action.yml"), """
                name: JS
                inputs:
                  name:
                    required: true
                  with space:
                    default: spaced default
                outputs:
                  greeting:
                    description: the greeting
                runs:
                  using: node20
                  pre: pre.js
                  main: main.js
                  post: post.js
                  post-if: always()
                """);
        write(action.resolve("pre.js"), "console.log('pre ran');\n");
        write(action.resolve("main.js"), """
                const fs = require('fs');
                console.log('hello ' + process.env.INPUT_NAME + ' / ' + process.env['INPUT_WITH_SPACE']);
                console.log('cwd is workspace: ' + (process.cwd() === process.env.GITHUB_WORKSPACE));
                fs.appendFileSync(process.env.GITHUB_OUTPUT, 'greeting=hi ' + process.env.INPUT_NAME + '\\n');
                fs.appendFileSync(process.env.GITHUB_STATE, 'cleanup=please\\n');
                console.log('::save-state name=legacy::kept');
                """);
        write(action.resolve("post.js"), "console.log('post with ' + process.env.STATE_cleanup + ' and ' + process.env.STATE_legacy);\n");
        TestingJobs.Job job = TestingJobs.job();
        job.uses("./js-action").id("js").with("name", "octocat").with("unknown", "x");
        job.run("echo 'got ${{ steps.js.outputs.greeting }}'");
        TestingJobReporter reporter = TestingJobs.run(work, job);

        assertThat(reporter.completion().conclusion()).as(reporter.allLogs()).isEqualTo(Conclusion.SUCCESS);
        assertThat(reporter.log(1)).contains("\npre ran\n", "\nhello octocat / spaced default\n", "\ncwd is workspace: true\n",
                "##[warning]Unexpected input(s) 'unknown', valid inputs are ['name', 'with space']");
        assertThat(reporter.output(2)).contains("got hi octocat\n");
        assertThat(reporter.stepNumbers()).containsExactly(0, 1, 2, 3, 4);
        assertThat(reporter.last(3).name()).isEqualTo("Post Run ./js-action");
        assertThat(reporter.log(3)).contains("\npost with please and kept\n");
        assertThat(reporter.last(4).name()).isEqualTo("Complete job");
    }

    @Test
    void missingLocalActionSaysToCheckOutFirst() throws Exception {
        TestingJobs.Job job = TestingJobs.job();
        job.uses("./not-there");
        TestingJobReporter reporter = TestingJobs.run(work, job);

        assertThat(reporter.last(1).conclusion()).isEqualTo(Conclusion.FAILURE);
        assertThat(reporter.log(1)).contains("Did you forget to run actions/checkout before running your local action?");
    }

    @Test
    void remoteActionsAreFetchedFromTheServerAtTheirRef() throws Exception {
        Path server = work.resolve("server");
        bareRepository(server, "acme/tools", Map.of(
                "action.yml", """
                        name: Remote
                        inputs:
                          word: { default: v1-word }
                        runs:
                          using: composite
                          steps:
                            - run: echo "remote says ${{ inputs.word }} from $GITHUB_ACTION_PATH"
                              shell: bash
                        """,
                "nested/action.yml", "runs:\n  using: node20\n  main: index.js\n",
                "nested/index.js", "console.log('nested js ' + process.env.GITHUB_ACTION_REPOSITORY + '@' + process.env.GITHUB_ACTION_REF);\n"),
                "v1");

        TestingJobs.Job job = TestingJobs.job().repository(server.toUri().toString(), server.resolve("octo/hello.git").toUri().toString(),
                "0123456789abcdef0123456789abcdef01234567", "refs/heads/main");
        job.uses("acme/tools@v1");
        job.uses("acme/tools/nested@main");
        TestingJobReporter reporter = TestingJobs.run(work, job);

        assertThat(reporter.log(0)).contains("Download action repository 'acme/tools@v1' (SHA:", "Download action repository 'acme/tools@main'");
        assertThat(reporter.log(1)).contains("\nremote says v1-word from " + work.resolve("_work/_actions/acme/tools/v1") + "\n");
        assertThat(reporter.log(2)).contains("\nnested js acme/tools@main\n");
        assertThat(reporter.completion().conclusion()).as(reporter.allLogs()).isEqualTo(Conclusion.SUCCESS);
    }

    @Test
    void anActionRefThatDoesNotExistFailsTheJobAtSetUp() throws Exception {
        Path server = Files.createDirectories(work.resolve("server"));
        TestingJobs.Job job = TestingJobs.job().repository(server.toUri().toString(), server.resolve("octo/hello.git").toUri().toString(),
                "0123456789abcdef0123456789abcdef01234567", "refs/heads/main");
        job.uses("acme/missing@v1");
        TestingJobReporter reporter = TestingJobs.run(work, job);

        assertThat(reporter.completion().conclusion()).isEqualTo(Conclusion.FAILURE);
        assertThat(reporter.log(0)).contains("##[error]Unable to download the action repository 'acme/missing'");
        assertThat(reporter.stepNumbers()).containsExactly(0, 2);
    }

    @Test
    void unsupportedRunsUsingIsAClearFailure() throws Exception {
        write(workspace().resolve("old/action.yml"), "runs:\n  using: node6\n  main: x.js\n");
        write(workspace().resolve("dock/action.yml"), "runs:\n  using: docker\n  image: Dockerfile\n");
        TestingJobs.Job job = TestingJobs.job();
        job.uses("./dock").continueOnError("true");
        job.uses("./old").continueOnError("true");
        TestingJobReporter reporter = TestingJobs.run(work, job);

        assertThat(reporter.log(1)).contains("##[error]This runner does not run Docker container actions ('./dock' runs in a container).");
        assertThat(reporter.completion().outputs()).isEqualTo(Map.of());
    }

    /** A bare repository {@code server/owner/name.git} holding {@code files}, with one commit on main, tagged {@code tag}. */
    private void bareRepository(Path server, String repository, Map<String, String> files, String tag) throws Exception {
        TestingGit git = new TestingGit(Files.createDirectories(work.resolve("home")));
        Path source = Files.createDirectories(work.resolve("sources").resolve(repository));
        git.run(source, "init", "-q");
        for (Map.Entry<String, String> file : files.entrySet()) {
            write(source.resolve(file.getKey()), file.getValue());
        }
        git.run(source, "add", ".");
        git.run(source, "commit", "-q", "-m", "action");
        git.run(source, "tag", tag);
        Files.createDirectories(server.resolve(repository).getParent());
        git.run(work, "clone", "-q", "--bare", source.toString(), server.resolve(repository + ".git").toString());
    }

    @Test
    void preScriptsOfRemoteActionsRunDuringSetUpBeforeAnyStep() throws Exception {
        Path server = work.resolve("server");
        bareRepository(server, "acme/setup-thing", Map.of(
                "action.yml", """
                        inputs:
                          flavour: { default: vanilla }
                        runs:
                          using: node24
                          pre: pre.js
                          main: main.js
                          post: post.js
                        """,
                "pre.js", """
                        const fs = require('fs');
                        console.log('pre with ' + process.env.INPUT_FLAVOUR + ', first step done: ' + fs.existsSync(process.env.GITHUB_WORKSPACE + '/first'));
                        fs.appendFileSync(process.env.GITHUB_STATE, 'from_pre=p\\n');
                        """,
                "main.js", "console.log('main sees ' + process.env.STATE_from_pre);\nrequire('fs').appendFileSync(process.env.GITHUB_STATE, 'from_main=m\\n');\n",
                "post.js", "console.log('post sees ' + process.env.STATE_from_pre + process.env.STATE_from_main);\n"), "v2");
        TestingJobs.Job job = TestingJobs.job().repository(server.toUri().toString(), server.resolve("octo/hello.git").toUri().toString(),
                "0123456789abcdef0123456789abcdef01234567", "refs/heads/main");
        job.run("touch first");
        job.uses("acme/setup-thing@v2").with("flavour", "${{ github.actor }}");
        TestingJobReporter reporter = TestingJobs.run(work, job);

        assertThat(reporter.completion().conclusion()).as(reporter.allLogs()).isEqualTo(Conclusion.SUCCESS);
        assertThat(reporter.log(0)).contains("##[group]Pre Run acme/setup-thing@v2\npre with mona, first step done: false\n##[endgroup]\n");
        assertThat(reporter.output(2)).isEqualTo("main sees p\n");
        assertThat(reporter.log(3)).contains("\npost sees pm\n");
    }
}
