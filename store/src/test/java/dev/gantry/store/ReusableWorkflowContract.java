package dev.gantry.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.engine.queue.ClaimedJob;
import dev.gantry.engine.repository.Repository;
import dev.gantry.engine.repository.Visibility;
import dev.gantry.engine.runners.Runner;
import dev.gantry.engine.runs.Conclusion;
import dev.gantry.engine.runs.Job;
import dev.gantry.engine.runs.RunStatus;
import dev.gantry.engine.runs.WorkflowRun;
import dev.gantry.engine.store.PageRequest;
import dev.gantry.engine.workflows.ParsedWorkflowCompiler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Calls of reusable workflows ({@code jobs.<id>.uses}), through the real parser, from push to conclusion. */
abstract class ReusableWorkflowContract extends DatabaseContract {
    private static final String BUILD = """
            name: Build
            on:
              workflow_call:
                inputs:
                  target:
                    type: string
                    required: true
                  debug:
                    type: boolean
                    default: true
                  level:
                    type: number
                    default: 3
                outputs:
                  artifact:
                    value: ${{ jobs.compile.outputs.file }}-${{ inputs.target }}
            jobs:
              compile:
                runs-on: self-hosted
                outputs:
                  file: ${{ steps.make.outputs.file }}
                steps:
                  - id: make
                    run: echo "file=app" >> "$GITHUB_OUTPUT"
              check:
                needs: compile
                runs-on: self-hosted
                steps:
                  - run: echo ${{ needs.compile.outputs.file }}
            """;

    @TempDir
    Path gitRoot;

    private RunEngineFixture engine;

    @BeforeEach
    final void wire() {
        engine = new RunEngineFixture(database, gitRoot.resolve("git-" + System.nanoTime()), new ParsedWorkflowCompiler());
    }

    @Test
    void aCalledWorkflowsJobsRunInTheCallersRunAndItsOutputsReachTheJobsAfterIt() {
        Runner runner = engine.runner("box");
        engine.push("main", Map.of(".github/workflows/build.yml", BUILD, ".github/workflows/ci.yml", """
                name: CI
                on: push
                jobs:
                  setup:
                    runs-on: self-hosted
                    steps:
                      - run: "true"
                  build:
                    name: Build it
                    needs: setup
                    uses: ./.github/workflows/build.yml
                    with:
                      target: linux-${{ needs.setup.result }}
                      level: 7
                  deploy:
                    needs: build
                    runs-on: self-hosted
                    steps:
                      - run: echo ${{ needs.build.outputs.artifact }}
                """), "Add CI");
        WorkflowRun run = onlyRun();
        assertThat(names(run)).containsExactly("setup", "deploy");

        complete(runner, "setup", Conclusion.SUCCESS, Map.of());
        // Jobs are listed as they were created: a called workflow's when its calling job is ready.
        assertThat(names(run)).containsExactly("setup", "deploy", "Build it / compile", "Build it / check");
        ClaimedJob compile = engine.queue.claim(runner).orElseThrow();
        assertThat(compile.jobName()).isEqualTo("Build it / compile");
        assertThat(compile.jobKey()).isEqualTo("compile");
        assertThat(compile.contexts().at("/github/job").asText()).isEqualTo("compile");
        assertThat(compile.contexts().path("inputs").toString())
                .isEqualTo("{\"target\":\"linux-success\",\"debug\":true,\"level\":7}");
        assertThat(compile.definition().at("/call/workflow_ref").asText())
                .isEqualTo("octo/hello/.github/workflows/build.yml@refs/heads/main");
        engine.queue.complete(runner, compile.jobId(), Conclusion.SUCCESS, Map.of("file", "app"));

        ClaimedJob check = engine.queue.claim(runner).orElseThrow();
        assertThat(check.jobName()).isEqualTo("Build it / check");
        assertThat(check.contexts().at("/needs/compile/outputs/file").asText()).isEqualTo("app");
        engine.queue.complete(runner, check.jobId(), Conclusion.SUCCESS, Map.of());

        ClaimedJob deploy = engine.queue.claim(runner).orElseThrow();
        assertThat(deploy.jobName()).isEqualTo("deploy");
        assertThat(deploy.contexts().at("/needs/build/result").asText()).isEqualTo("success");
        assertThat(deploy.contexts().at("/needs/build/outputs/artifact").asText()).isEqualTo("app-linux-success");
        engine.queue.complete(runner, deploy.jobId(), Conclusion.SUCCESS, Map.of());

        assertThat(engine.runs.get(engine.repository.id(), run.id()).conclusion()).isEqualTo(Conclusion.SUCCESS);
        assertThat(names(run)).containsExactly("setup", "deploy", "Build it / compile", "Build it / check");
    }

    @Test
    void aFailedCalledJobFailsTheCallingJobAndTheRun() {
        Runner runner = engine.runner("box");
        engine.push("main", Map.of(".github/workflows/build.yml", BUILD, ".github/workflows/ci.yml", """
                on: push
                jobs:
                  build:
                    uses: ./.github/workflows/build.yml
                    with:
                      target: x
                  after:
                    needs: build
                    if: always()
                    runs-on: self-hosted
                    steps:
                      - run: "true"
                """), "Add CI");
        WorkflowRun run = onlyRun();
        complete(runner, "build / compile", Conclusion.FAILURE, Map.of());

        ClaimedJob after = engine.queue.claim(runner).orElseThrow();
        assertThat(after.contexts().at("/needs/build/result").asText()).isEqualTo("failure");
        engine.queue.complete(runner, after.jobId(), Conclusion.SUCCESS, Map.of());
        WorkflowRun done = engine.runs.get(engine.repository.id(), run.id());
        assertThat(done.conclusion()).isEqualTo(Conclusion.FAILURE);
        assertThat(engine.runs.jobs(engine.repository.id(), run.id(), Optional.empty()))
                .extracting(Job::name, Job::conclusion)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("after", Conclusion.SUCCESS),
                        org.assertj.core.groups.Tuple.tuple("build / compile", Conclusion.FAILURE),
                        org.assertj.core.groups.Tuple.tuple("build / check", Conclusion.SKIPPED));
    }

    @Test
    void aMatrixCallingAnotherRepositorysWorkflowExpandsOncePerLeg() {
        Runner runner = engine.runner("box");
        Repository templates = engine.repositoryStore.create(StoreFixtures.repository(engine.owner.id(), "templates", Visibility.PUBLIC));
        engine.git.create(templates.id(), "main");
        commit(templates, Map.of(".github/workflows/build.yml", BUILD));
        engine.push("main", Map.of(".github/workflows/ci.yml", """
                on: push
                jobs:
                  build:
                    strategy:
                      matrix:
                        os: [linux, mac]
                    uses: octo/templates/.github/workflows/build.yml@main
                    with:
                      target: ${{ matrix.os }}
                      debug: false
                """), "Add CI");
        WorkflowRun run = onlyRun();
        assertThat(names(run)).containsExactly("build (linux) / compile", "build (linux) / check", "build (mac) / compile",
                "build (mac) / check");
        List<String> targets = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ClaimedJob job = engine.queue.claim(runner).orElseThrow();
            targets.add(job.jobName() + "=" + job.contexts().at("/inputs/target").asText() + "," + job.contexts().at("/inputs/debug"));
            assertThat(job.definition().at("/call/workflow_ref").asText()).isEqualTo("octo/templates/.github/workflows/build.yml@refs/heads/main");
            engine.queue.complete(runner, job.jobId(), Conclusion.SUCCESS, Map.of("file", "bin"));
        }
        assertThat(targets).containsExactlyInAnyOrder("build (linux) / compile=linux,false", "build (mac) / compile=mac,false",
                "build (linux) / check=linux,false", "build (mac) / check=mac,false");
        assertThat(engine.runs.get(engine.repository.id(), run.id()).conclusion()).isEqualTo(Conclusion.SUCCESS);
    }

    @Test
    void aPrivateRepositorysWorkflowIsNotFoundFromAnother() {
        Repository hidden = engine.repositoryStore.create(StoreFixtures.repository(engine.owner.id(), "hidden", Visibility.PRIVATE));
        engine.git.create(hidden.id(), "main");
        commit(hidden, Map.of(".github/workflows/build.yml", BUILD));
        engine.push("main", Map.of(".github/workflows/ci.yml", """
                on: push
                jobs:
                  build:
                    uses: octo/hidden/.github/workflows/build.yml@main
                    with:
                      target: x
                """), "Add CI");
        assertThat(onlyRun().failureMessage()).isEqualTo("""
                Invalid workflow file: .github/workflows/ci.yml
                error parsing called workflow
                ".github/workflows/ci.yml"
                -> "octo/hidden/.github/workflows/build.yml@main"
                : failed to fetch workflow: workflow was not found.""");
    }

    @Test
    void aMissingOrNotCallableWorkflowIsAStartupFailureWithGitHubsMessage() {
        String sha = engine.push("main", Map.of(".github/workflows/plain.yml", """
                on: workflow_dispatch
                jobs:
                  one:
                    runs-on: self-hosted
                    steps:
                      - run: "true"
                """, ".github/workflows/ci.yml", """
                on: push
                jobs:
                  missing:
                    uses: ./.github/workflows/nowhere.yml
                  plain:
                    uses: ./.github/workflows/plain.yml
                """), "Add CI");
        WorkflowRun run = onlyRun();
        assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(run.conclusion()).isEqualTo(Conclusion.STARTUP_FAILURE);
        assertThat(run.failureMessage()).isEqualTo("Invalid workflow file: .github/workflows/ci.yml\n"
                + "error parsing called workflow\n\".github/workflows/ci.yml\"\n-> \"./.github/workflows/nowhere.yml\"\n"
                + ": failed to fetch workflow: workflow was not found.\n"
                + "error parsing called workflow\n\".github/workflows/ci.yml\"\n-> \"./.github/workflows/plain.yml\" (source branch with sha:"
                + sha + ")\n: workflow is not reusable as it is missing a `on.workflow_call` trigger");
        assertThat(engine.runs.jobs(engine.repository.id(), run.id(), Optional.empty())).isEmpty();
    }

    @Test
    void aMissingRequiredInputAndAnUnknownInputAreStartupFailures() {
        engine.push("main", Map.of(".github/workflows/build.yml", BUILD, ".github/workflows/ci.yml", """
                on: push
                jobs:
                  build:
                    uses: ./.github/workflows/build.yml
                    with:
                      colour: blue
                """), "Add CI");
        String message = onlyRun().failureMessage();
        assertThat(message).startsWith("Invalid workflow file: .github/workflows/ci.yml\nThe workflow is not valid. ");
        assertThat(message).contains(".github/workflows/ci.yml (Line: 4, Col: 11): Input target is required, but not provided while calling.");
        assertThat(message).contains(".github/workflows/ci.yml (Line: 6, Col: 15): Invalid input, colour is not defined in the referenced workflow.");
    }

    @Test
    void callsNestedDeeperThanFourLevelsAndCyclesAreStartupFailures() {
        String sha = engine.push("main", Map.of(
                ".github/workflows/ci.yml", caller("./.github/workflows/a.yml"),
                ".github/workflows/a.yml", callable("./.github/workflows/b.yml"),
                ".github/workflows/b.yml", callable("./.github/workflows/c.yml"),
                ".github/workflows/c.yml", callable("./.github/workflows/d.yml"),
                ".github/workflows/d.yml", """
                        on: workflow_call
                        jobs:
                          leaf:
                            runs-on: self-hosted
                            steps:
                              - run: "true"
                        """,
                ".github/workflows/loop.yml", """
                        on: [push, workflow_call]
                        jobs:
                          again:
                            uses: ./.github/workflows/loop.yml
                        """), "Nest");
        List<WorkflowRun> runs = engine.runs.list(engine.repository.id(), new PageRequest(1, 30)).items();
        String source = " (source branch with sha:" + sha + ")";
        WorkflowRun deep = runs.stream().filter(run -> run.name().equals(".github/workflows/ci.yml")).findFirst().orElseThrow();
        assertThat(deep.conclusion()).isEqualTo(Conclusion.STARTUP_FAILURE);
        assertThat(deep.failureMessage()).isEqualTo("Invalid workflow file: .github/workflows/ci.yml\n"
                + "error parsing called workflow\n\".github/workflows/ci.yml\"\n"
                + "-> \"./.github/workflows/a.yml\"" + source + "\n"
                + "--> \"./.github/workflows/b.yml\"" + source + "\n"
                + "---> \"./.github/workflows/c.yml\"" + source + "\n"
                + ": job \"call\" calls workflow \"./.github/workflows/d.yml\", but doing so would exceed the limit on called workflow depth of 3");
        WorkflowRun loop = runs.stream().filter(run -> run.name().equals(".github/workflows/loop.yml")).findFirst().orElseThrow();
        assertThat(loop.conclusion()).isEqualTo(Conclusion.STARTUP_FAILURE);
        assertThat(loop.failureMessage()).endsWith("---> \"./.github/workflows/loop.yml\"" + source + "\n"
                + ": job \"again\" calls workflow \"./.github/workflows/loop.yml\", but doing so would exceed the limit on called workflow depth of 3");
    }

    @Test
    void callsNestedFourLevelsRunWithEveryNameOnTheWay() {
        Runner runner = engine.runner("box");
        engine.push("main", Map.of(
                ".github/workflows/ci.yml", caller("./.github/workflows/a.yml"),
                ".github/workflows/a.yml", callable("./.github/workflows/b.yml"),
                ".github/workflows/b.yml", callable("./.github/workflows/c.yml"),
                ".github/workflows/c.yml", """
                        on: workflow_call
                        jobs:
                          leaf:
                            runs-on: self-hosted
                            steps:
                              - run: "true"
                        """), "Nest");
        WorkflowRun run = onlyRun();
        ClaimedJob leaf = engine.queue.claim(runner).orElseThrow();
        assertThat(leaf.jobName()).isEqualTo("call / call / call / leaf");
        engine.queue.complete(runner, leaf.jobId(), Conclusion.SUCCESS, Map.of());
        assertThat(engine.runs.get(engine.repository.id(), run.id()).conclusion()).isEqualTo(Conclusion.SUCCESS);
    }

    @Test
    void aCalledJobGetsOnlyTheSecretsHandedDownAndItsEnvironments() {
        java.security.SecureRandom random = new java.security.SecureRandom();
        dev.gantry.engine.secrets.Secrets secrets = new dev.gantry.engine.secrets.Secrets(new SqlSecretStore(database),
                engine.repositoryStore, engine.accountStore, new dev.gantry.engine.secrets.MasterKeys(random, new byte[32]), random,
                engine.clock);
        putSecret(secrets, dev.gantry.engine.scope.ActionsScope.repository(engine.repository.id()), "DEPLOY_TOKEN", "deploy-value");
        putSecret(secrets, dev.gantry.engine.scope.ActionsScope.repository(engine.repository.id()), "OTHER", "other-value");
        Runner runner = engine.runner("box");
        engine.push("main", Map.of(".github/workflows/ci.yml", """
                on: push
                jobs:
                  explicit:
                    uses: ./.github/workflows/deploy.yml
                    secrets:
                      token: ${{ secrets.DEPLOY_TOKEN }}
                  inherited:
                    uses: ./.github/workflows/inherit.yml
                    secrets: inherit
                  none:
                    uses: ./.github/workflows/inherit.yml
                """, ".github/workflows/deploy.yml", """
                on:
                  workflow_call:
                    secrets:
                      token:
                        required: true
                jobs:
                  deploy:
                    runs-on: self-hosted
                    environment: production
                    steps:
                      - run: "true"
                  nested:
                    uses: ./.github/workflows/inherit.yml
                    secrets: inherit
                """, ".github/workflows/inherit.yml", """
                on: workflow_call
                jobs:
                  use:
                    runs-on: self-hosted
                    steps:
                      - run: "true"
                """), "Secrets");
        Map<String, Map<String, String>> seen = new java.util.TreeMap<>();
        for (int i = 0; i < 4; i++) {
            ClaimedJob claimed = engine.queue.claim(runner).orElseThrow();
            if (claimed.environmentId().isPresent()) {
                putSecret(secrets, dev.gantry.engine.scope.ActionsScope.environment(claimed.environmentId().getAsLong()), "PROD_ONLY",
                        "prod-value");
            }
            Job job = engine.runs.job(engine.repository.id(), claimed.jobId());
            seen.put(claimed.jobName(), dev.gantry.engine.runs.CallSecrets.forJob(secrets, job, claimed.environmentId()));
            engine.queue.complete(runner, claimed.jobId(), Conclusion.SUCCESS, Map.of());
        }
        assertThat(seen).containsExactly(
                Map.entry("explicit / deploy", Map.of("token", "deploy-value", "PROD_ONLY", "prod-value")),
                Map.entry("explicit / nested / use", Map.of("token", "deploy-value")),
                Map.entry("inherited / use", Map.of("DEPLOY_TOKEN", "deploy-value", "OTHER", "other-value")),
                Map.entry("none / use", Map.of()));
    }

    @Test
    void aCalledJobsIdTokenNamesTheCalledWorkflow() throws Exception {
        Runner runner = engine.runner("box");
        Repository templates = engine.repositoryStore.create(StoreFixtures.repository(engine.owner.id(), "templates", Visibility.PUBLIC));
        engine.git.create(templates.id(), "main");
        String templatesSha = commit(templates, Map.of(".github/workflows/deploy.yml", """
                on: workflow_call
                permissions:
                  id-token: write
                jobs:
                  deploy:
                    runs-on: self-hosted
                    steps:
                      - run: "true"
                """));
        engine.push("main", Map.of(".github/workflows/ci.yml", """
                on: push
                permissions:
                  id-token: write
                jobs:
                  deploy:
                    uses: octo/templates/.github/workflows/deploy.yml@main
                """), "Add CI");
        ClaimedJob job = engine.queue.claim(runner).orElseThrow();
        java.security.SecureRandom random = new java.security.SecureRandom();
        dev.gantry.engine.oidc.IdTokens tokens = new dev.gantry.engine.oidc.IdTokens(engine.jobStore, engine.runStore,
                engine.workflowStore, engine.repositoryStore, engine.accountStore,
                new dev.gantry.engine.runs.RunContexts(engine.repositoryStore, engine.accountStore, engine.variables),
                new dev.gantry.engine.oidc.SubjectTemplates(new SqlSubjectTemplateStore(database)),
                new dev.gantry.engine.oidc.SigningKeys(new SqlSigningKeyStore(database), new dev.gantry.engine.secrets.MasterKeys(random,
                        new byte[32]), random, engine.clock, new dev.gantry.engine.oidc.KeyRotation(java.time.Duration.ofDays(30),
                        java.time.Duration.ofDays(1), java.time.Duration.ofDays(1))), engine.clock);
        String jwt = tokens.issue(new dev.gantry.engine.token.JobGrant(job.jobId(), job.repositoryId(), engine.owner.id(),
                dev.gantry.engine.token.JobPermissions.of(job.definition().get("permissions"))), "https://ci.example.com/_services/token",
                "https://ci.example.com/", Optional.empty());
        com.fasterxml.jackson.databind.JsonNode claims = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(java.util.Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
        assertThat(claims.get("workflow_ref").asText()).isEqualTo("octo/hello/.github/workflows/ci.yml@refs/heads/main");
        assertThat(claims.get("job_workflow_ref").asText()).isEqualTo("octo/templates/.github/workflows/deploy.yml@refs/heads/main");
        assertThat(claims.get("job_workflow_sha").asText()).isEqualTo(templatesSha);
    }

    @Test
    void rerunningFailedJobsRerunsTheFailedCalledJobAndWhatNeedsIt() {
        Runner runner = engine.runner("box");
        engine.push("main", Map.of(".github/workflows/build.yml", BUILD, ".github/workflows/ci.yml", """
                on: push
                jobs:
                  build:
                    uses: ./.github/workflows/build.yml
                    with:
                      target: x
                  deploy:
                    needs: build
                    runs-on: self-hosted
                    steps:
                      - run: echo ${{ needs.build.outputs.artifact }}
                """), "Add CI");
        WorkflowRun run = onlyRun();
        complete(runner, "build / compile", Conclusion.SUCCESS, Map.of("file", "app"));
        complete(runner, "build / check", Conclusion.FAILURE, Map.of());
        assertThat(engine.runs.get(engine.repository.id(), run.id()).conclusion()).isEqualTo(Conclusion.FAILURE);

        engine.reruns.rerunFailedJobs(engine.repository.id(), run.id(), engine.owner.id());
        complete(runner, "build / check", Conclusion.SUCCESS, Map.of());
        ClaimedJob deploy = engine.queue.claim(runner).orElseThrow();
        assertThat(deploy.contexts().at("/needs/build/outputs/artifact").asText()).isEqualTo("app-x");
        engine.queue.complete(runner, deploy.jobId(), Conclusion.SUCCESS, Map.of());
        WorkflowRun rerun = engine.runs.get(engine.repository.id(), run.id());
        assertThat(rerun.runAttempt()).isEqualTo(2);
        assertThat(rerun.conclusion()).isEqualTo(Conclusion.SUCCESS);
        assertThat(engine.runs.jobs(engine.repository.id(), run.id(), Optional.empty())).extracting(Job::name, Job::conclusion)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("deploy", Conclusion.SUCCESS),
                        org.assertj.core.groups.Tuple.tuple("build / compile", Conclusion.SUCCESS),
                        org.assertj.core.groups.Tuple.tuple("build / check", Conclusion.SUCCESS));
    }

    @Test
    void anInputOfTheWrongTypeFailsTheCallingJob() {
        Runner runner = engine.runner("box");
        engine.push("main", Map.of(".github/workflows/build.yml", BUILD, ".github/workflows/ci.yml", """
                on: push
                jobs:
                  build:
                    uses: ./.github/workflows/build.yml
                    with:
                      target: x
                      debug: ${{ github.ref_name }}
                """), "Add CI");
        WorkflowRun run = engine.runs.get(engine.repository.id(), onlyRun().id());
        assertThat(run.conclusion()).isEqualTo(Conclusion.FAILURE);
        Job build = engine.runs.jobs(engine.repository.id(), run.id(), Optional.empty()).getFirst();
        assertThat(build.name()).isEqualTo("build");
        assertThat(build.failureMessage()).isEqualTo("The input 'debug' of type boolean received 'main', which is not a boolean.");
        assertThat(engine.queue.claim(runner)).isEmpty();
    }

    @Test
    void theAllowedActionsPolicyCoversCalledWorkflowsAndTheirSteps() {
        dev.gantry.engine.permissions.SettingsScope repository = dev.gantry.engine.permissions.SettingsScope.repository(
                engine.repository.id());
        engine.permissions.setPolicy(repository, new dev.gantry.engine.permissions.ActionsPolicy("all", "selected", false));
        engine.permissions.setSelectedActions(repository, new dev.gantry.engine.permissions.SelectedActions(false, false,
                List.of("someone/templates/*")));
        engine.push("main", Map.of(".github/workflows/ci.yml", """
                on: push
                jobs:
                  local:
                    uses: ./.github/workflows/steps.yml
                """, ".github/workflows/steps.yml", """
                on: workflow_call
                jobs:
                  build:
                    runs-on: self-hosted
                    steps:
                      - uses: someone/else@v2
                """), "Add CI");
        WorkflowRun run = onlyRun();
        assertThat(run.conclusion()).isEqualTo(Conclusion.STARTUP_FAILURE);
        assertThat(run.failureMessage()).isEqualTo("The action someone/else@v2 is not allowed in octo/hello because all actions must "
                + "be from a repository owned by octo or match one of the patterns: someone/templates/*.");
        assertThat(engine.runs.jobs(engine.repository.id(), run.id(), Optional.empty())).isEmpty();
    }

    @Test
    void aRunMayCallTwentyUniqueWorkflows() {
        Map<String, String> files = new java.util.LinkedHashMap<>();
        StringBuilder caller = new StringBuilder("on: push\njobs:\n");
        for (int i = 1; i <= 21; i++) {
            files.put(".github/workflows/w" + i + ".yml", "on: workflow_call\njobs:\n  one:\n    runs-on: self-hosted\n"
                    + "    steps:\n      - run: \"true\"\n");
            caller.append("  call").append(i).append(":\n    uses: ./.github/workflows/w").append(i).append(".yml\n");
            // Calling one workflow twice counts it once.
            caller.append("  again").append(i).append(":\n    uses: ./.github/workflows/w").append(i).append(".yml\n");
        }
        files.put(".github/workflows/ci.yml", caller.toString());
        engine.push("main", files, "Many calls");
        assertThat(onlyRun().failureMessage()).isEqualTo("Invalid workflow file: .github/workflows/ci.yml\n"
                + "error parsing called workflow\n\".github/workflows/ci.yml\"\n: too many workflows are referenced, total: 21, limit: 20");
    }

    @Test
    void aDotPathInAnotherRepositorysWorkflowNamesAFileOfThatRepository() {
        Runner runner = engine.runner("box");
        Repository templates = engine.repositoryStore.create(StoreFixtures.repository(engine.owner.id(), "templates", Visibility.PUBLIC));
        engine.git.create(templates.id(), "main");
        String templatesSha = commit(templates, Map.of(".github/workflows/outer.yml", callable("./.github/workflows/inner.yml"),
                ".github/workflows/inner.yml", """
                        on: workflow_call
                        jobs:
                          leaf:
                            runs-on: self-hosted
                            steps:
                              - run: "true"
                        """));
        engine.push("main", Map.of(".github/workflows/ci.yml", caller("octo/templates/.github/workflows/outer.yml@main")), "Add CI");
        WorkflowRun run = onlyRun();
        ClaimedJob leaf = engine.queue.claim(runner).orElseThrow();
        assertThat(leaf.jobName()).isEqualTo("call / call / leaf");
        assertThat(leaf.definition().at("/call/workflow_ref").asText()).isEqualTo("octo/templates/.github/workflows/inner.yml@refs/heads/main");
        assertThat(leaf.definition().at("/call/workflow_sha").asText()).isEqualTo(templatesSha);
        engine.queue.complete(runner, leaf.jobId(), Conclusion.SUCCESS, Map.of());
        assertThat(engine.runs.get(engine.repository.id(), run.id()).conclusion()).isEqualTo(Conclusion.SUCCESS);
    }

    @Test
    void aCallingMatrixHonoursMaxParallelAndFailFast() {
        Runner runner = engine.runner("box");
        engine.push("main", Map.of(".github/workflows/build.yml", BUILD, ".github/workflows/ci.yml", """
                on: push
                jobs:
                  build:
                    strategy:
                      max-parallel: 1
                      matrix:
                        os: [linux, mac, windows]
                    uses: ./.github/workflows/build.yml
                    with:
                      target: ${{ matrix.os }}
                """), "Add CI");
        WorkflowRun run = onlyRun();
        assertThat(names(run)).containsExactly("build (linux) / compile", "build (linux) / check");
        complete(runner, "build (linux) / compile", Conclusion.SUCCESS, Map.of("file", "a"));
        complete(runner, "build (linux) / check", Conclusion.SUCCESS, Map.of());
        assertThat(names(run)).containsExactly("build (linux) / compile", "build (linux) / check", "build (mac) / compile",
                "build (mac) / check");

        complete(runner, "build (mac) / compile", Conclusion.FAILURE, Map.of());
        WorkflowRun done = engine.runs.get(engine.repository.id(), run.id());
        assertThat(done.conclusion()).isEqualTo(Conclusion.FAILURE);
        assertThat(engine.runs.jobs(engine.repository.id(), run.id(), Optional.empty())).extracting(Job::name, Job::conclusion)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("build (windows)", Conclusion.CANCELLED),
                        org.assertj.core.groups.Tuple.tuple("build (linux) / compile", Conclusion.SUCCESS),
                        org.assertj.core.groups.Tuple.tuple("build (linux) / check", Conclusion.SUCCESS),
                        org.assertj.core.groups.Tuple.tuple("build (mac) / compile", Conclusion.FAILURE),
                        org.assertj.core.groups.Tuple.tuple("build (mac) / check", Conclusion.SKIPPED));
    }

    @Test
    void aFailedCallingLegCancelsTheCalledJobsOfTheOthers() {
        Runner runner = engine.runner("box");
        engine.push("main", Map.of(".github/workflows/build.yml", BUILD, ".github/workflows/ci.yml", """
                on: push
                jobs:
                  build:
                    strategy:
                      matrix:
                        os: [linux, mac]
                    uses: ./.github/workflows/build.yml
                    with:
                      target: ${{ matrix.os }}
                """), "Add CI");
        WorkflowRun run = onlyRun();
        ClaimedJob linux = engine.queue.claim(runner).orElseThrow();
        ClaimedJob mac = engine.queue.claim(runner).orElseThrow();
        assertThat(List.of(linux.jobName(), mac.jobName())).containsExactly("build (linux) / compile", "build (mac) / compile");
        engine.queue.complete(runner, linux.jobId(), Conclusion.FAILURE, Map.of());

        assertThat(engine.queue.heartbeat(runner, mac.jobId()).cancelRequested()).isTrue();
        engine.queue.complete(runner, mac.jobId(), Conclusion.CANCELLED, Map.of());
        assertThat(engine.runs.get(engine.repository.id(), run.id()).conclusion()).isEqualTo(Conclusion.FAILURE);
        assertThat(engine.runs.jobs(engine.repository.id(), run.id(), Optional.empty())).extracting(Job::name, Job::conclusion)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("build (linux) / compile", Conclusion.FAILURE),
                        org.assertj.core.groups.Tuple.tuple("build (linux) / check", Conclusion.SKIPPED),
                        org.assertj.core.groups.Tuple.tuple("build (mac) / compile", Conclusion.CANCELLED),
                        org.assertj.core.groups.Tuple.tuple("build (mac) / check", Conclusion.CANCELLED));
    }

    @Test
    void aCallingJobHoldsItsConcurrencyGroupUntilItsCalledJobsAreDone() {
        Runner runner = engine.runner("box");
        engine.push("main", Map.of(".github/workflows/build.yml", BUILD, ".github/workflows/ci.yml", """
                on: push
                jobs:
                  one:
                    concurrency: deploy
                    uses: ./.github/workflows/build.yml
                    with:
                      target: one
                  two:
                    concurrency: deploy
                    uses: ./.github/workflows/build.yml
                    with:
                      target: two
                """), "Add CI");
        WorkflowRun run = onlyRun();
        assertThat(names(run)).containsExactly("one / compile", "one / check");
        assertThat(engine.concurrencyGroups.get(engine.repository.id(), "deploy").members())
                .extracting(member -> member.job().name(), dev.gantry.engine.runs.ConcurrencyGroups.Member::holding)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("one", true), org.assertj.core.groups.Tuple.tuple("two", false));
        complete(runner, "one / compile", Conclusion.SUCCESS, Map.of("file", "a"));
        assertThat(names(run)).as("two waits for the group").containsExactly("one / compile", "one / check");
        complete(runner, "one / check", Conclusion.SUCCESS, Map.of());

        assertThat(names(run)).containsExactly("one / compile", "one / check", "two / compile", "two / check");
        complete(runner, "two / compile", Conclusion.SUCCESS, Map.of("file", "b"));
        complete(runner, "two / check", Conclusion.SUCCESS, Map.of());
        assertThat(engine.runs.get(engine.repository.id(), run.id()).conclusion()).isEqualTo(Conclusion.SUCCESS);
    }

    @Test
    void aCallingJobWithCancelInProgressCancelsTheCallHoldingItsGroup() {
        Runner runner = engine.runner("box");
        engine.push("main", Map.of(".github/workflows/build.yml", BUILD, ".github/workflows/ci.yml", """
                on: push
                jobs:
                  one:
                    concurrency: deploy
                    uses: ./.github/workflows/build.yml
                    with:
                      target: one
                  two:
                    concurrency:
                      group: deploy
                      cancel-in-progress: true
                    uses: ./.github/workflows/build.yml
                    with:
                      target: two
                """), "Add CI");
        WorkflowRun run = onlyRun();
        assertThat(engine.runs.jobs(engine.repository.id(), run.id(), Optional.empty())).extracting(Job::name, Job::conclusion)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("one / compile", Conclusion.CANCELLED),
                        org.assertj.core.groups.Tuple.tuple("one / check", Conclusion.CANCELLED),
                        org.assertj.core.groups.Tuple.tuple("two / compile", null),
                        org.assertj.core.groups.Tuple.tuple("two / check", null));
        complete(runner, "two / compile", Conclusion.SUCCESS, Map.of("file", "b"));
        complete(runner, "two / check", Conclusion.SUCCESS, Map.of());
        assertThat(engine.runs.get(engine.repository.id(), run.id()).conclusion()).isEqualTo(Conclusion.CANCELLED);
    }

    private static void putSecret(dev.gantry.engine.secrets.Secrets secrets, dev.gantry.engine.scope.ActionsScope scope, String name,
            String value) {
        dev.gantry.engine.secrets.ScopeKey key = secrets.publicKey(scope);
        byte[] sealed = dev.gantry.engine.secrets.SealedBox.seal(value.getBytes(StandardCharsets.UTF_8),
                java.util.Base64.getDecoder().decode(key.publicKey()), new java.security.SecureRandom());
        secrets.createOrUpdate(scope, name, java.util.Base64.getEncoder().encodeToString(sealed), key.keyId(), null);
    }

    private static String caller(String uses) {
        return """
                on: push
                jobs:
                  call:
                    uses: %s
                """.formatted(uses);
    }

    private static String callable(String uses) {
        return """
                on: workflow_call
                jobs:
                  call:
                    uses: %s
                """.formatted(uses);
    }

    private void complete(Runner runner, String name, Conclusion conclusion, Map<String, String> outputs) {
        ClaimedJob job = engine.queue.claim(runner).orElseThrow();
        assertThat(job.jobName()).isEqualTo(name);
        engine.queue.complete(runner, job.jobId(), conclusion, outputs);
    }

    private List<String> names(WorkflowRun run) {
        return engine.runs.jobs(engine.repository.id(), run.id(), Optional.empty()).stream().map(Job::name).toList();
    }

    private String commit(Repository repository, Map<String, String> files) {
        Map<String, byte[]> bytes = new java.util.LinkedHashMap<>();
        files.forEach((path, text) -> bytes.put(path, text.getBytes(StandardCharsets.UTF_8)));
        return engine.git.commitInitialFiles(repository.id(), "main", bytes,
                new PersonIdent("octo", "octo@example.com", Instant.parse("2026-11-23T09:00:00Z"), ZoneOffset.UTC), "Templates");
    }

    private WorkflowRun onlyRun() {
        List<WorkflowRun> runs = engine.runs.list(engine.repository.id(), new PageRequest(1, 30)).items();
        assertThat(runs).hasSize(1);
        return runs.getFirst();
    }
}
