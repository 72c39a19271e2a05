package dev.gantry.store;

import static dev.gantry.store.TestingWorkflowCompiler.dispatchable;
import static dev.gantry.store.TestingWorkflowCompiler.job;
import static dev.gantry.store.TestingWorkflowCompiler.workflow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.gantry.engine.ErrorCategory;
import dev.gantry.engine.GantryException;
import dev.gantry.engine.logs.JobLogs;
import dev.gantry.engine.runners.Runner;
import dev.gantry.engine.runners.Runners;
import dev.gantry.engine.runs.WorkflowRun;
import dev.gantry.engine.workflows.DispatchInput;
import dev.gantry.engine.workflows.Trigger;
import dev.gantry.engine.workflows.Workflow;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dispatch triggers, runner registration and job logs through the real stores. */
abstract class RunTriggersContract extends DatabaseContract {
    private static final String DEPLOY = ".github/workflows/deploy.yml";

    @TempDir
    Path directory;

    private RunEngineFixture engine;
    private Workflow deploy;

    @BeforeEach
    final void wire() {
        engine = new RunEngineFixture(database, directory.resolve("git-" + System.nanoTime()));
        Map<String, DispatchInput> inputs = new LinkedHashMap<>();
        inputs.put("environment", new DispatchInput("environment", DispatchInput.Type.CHOICE, true, "staging",
                List.of("staging", "production")));
        inputs.put("dry-run", new DispatchInput("dry-run", DispatchInput.Type.BOOLEAN, false, "true", List.of()));
        inputs.put("replicas", new DispatchInput("replicas", DispatchInput.Type.NUMBER, false, null, List.of()));
        inputs.put("reason", new DispatchInput("reason", DispatchInput.Type.STRING, true, null, List.of()));
        engine.compiler.define("deploy", dispatchable("Deploy", "Deploy to ${{ inputs.environment }} by @${{ github.actor }}",
                inputs, job("deploy", "inputs.dry-run == false")));
        engine.push("main", Map.of(DEPLOY, "deploy"), "Add deploy");
        deploy = engine.workflows.get(engine.repository.id(), "deploy.yml");
    }

    @Test
    void dispatchTypesTheInputsAndNamesTheRunFromThem() {
        WorkflowRun run = engine.triggers.dispatch(deploy, "main",
                Map.of("environment", "production", "dry-run", "false", "replicas", "3", "reason", "release"), engine.owner.id());

        assertThat(run.event()).isEqualTo("workflow_dispatch");
        assertThat(run.displayTitle()).isEqualTo("Deploy to production by @octo");
        assertThat(run.ref()).isEqualTo("refs/heads/main");
        assertThat(run.inputs().get("dry-run").isBoolean()).isTrue();
        assertThat(run.inputs().get("dry-run").booleanValue()).isFalse();
        assertThat(run.inputs().get("replicas").isNumber()).isTrue();
        assertThat(run.inputs().get("environment").asText()).isEqualTo("production");
        assertThat(run.eventPayload().at("/inputs/reason").asText()).isEqualTo("release");
        // github.event.inputs holds strings, as GitHub's payload does; only the inputs context is typed.
        assertThat(run.eventPayload().at("/inputs/dry-run").isTextual()).isTrue();
        assertThat(run.eventPayload().at("/inputs/dry-run").asText()).isEqualTo("false");
        assertThat(run.eventPayload().at("/inputs/replicas").isTextual()).isTrue();
        assertThat(run.eventPayload().at("/inputs/replicas").asText()).isEqualTo("3");
        assertThat(engine.runs.jobs(engine.repository.id(), run.id(), Optional.empty()).getFirst().status().value()).isEqualTo("queued");
        assertThat(run.runNumber()).isEqualTo(2);
    }

    @Test
    void dispatchDefaultsFillMissingInputsAndTheJobConditionSeesThem() {
        WorkflowRun run = engine.triggers.dispatch(deploy, "refs/heads/main", Map.of("reason", "try"), engine.owner.id());

        assertThat(run.inputs().get("environment").asText()).isEqualTo("staging");
        assertThat(run.inputs().get("dry-run").booleanValue()).isTrue();
        WorkflowRun completed = engine.runs.get(engine.repository.id(), run.id());
        assertThat(completed.conclusion().value()).isEqualTo("skipped");
    }

    @Test
    void aWorkflowFileIsCompiledOnceForItsContentAndAgainWhenAPushChangesIt() {
        int compiled = engine.compiler.compilations();
        WorkflowRun first = engine.triggers.dispatch(deploy, "main", Map.of("reason", "a"), engine.owner.id());
        engine.triggers.dispatch(deploy, "main", Map.of("reason", "b"), engine.owner.id());
        assertThat(engine.compiler.compilations()).isEqualTo(compiled);
        assertThat(first.name()).isEqualTo("Deploy");

        engine.compiler.define("deploy v2", dispatchable("Deploy v2", null, Map.of(), job("deploy", null)));
        engine.push("next", Map.of(DEPLOY, "deploy v2"), "Change deploy");
        WorkflowRun changed = engine.triggers.dispatch(deploy, "next", Map.of(), engine.owner.id());
        WorkflowRun unchanged = engine.triggers.dispatch(deploy, "main", Map.of("reason", "c"), engine.owner.id());

        assertThat(engine.compiler.compilations()).isEqualTo(compiled + 1);
        assertThat(changed.name()).isEqualTo("Deploy v2");
        assertThat(unchanged.name()).isEqualTo("Deploy");
    }

    @Test
    void dispatchRefusesBadInputsRefsAndWorkflowsWithoutTheTrigger() {
        assertInvalid(() -> engine.triggers.dispatch(deploy, "main", Map.of(), engine.owner.id()),
                "Required input 'reason' not provided");
        assertInvalid(() -> engine.triggers.dispatch(deploy, "main", Map.of("reason", "x", "color", "red", "size", "xl"),
                engine.owner.id()), "Unexpected inputs provided: [\"color\",\"size\"]");
        assertInvalid(() -> engine.triggers.dispatch(deploy, "main", Map.of("reason", "x", "environment", "moon"),
                engine.owner.id()), "Provided value 'moon' for input 'environment' not in the list of allowed values");
        assertInvalid(() -> engine.triggers.dispatch(deploy, "main", Map.of("reason", "x", "dry-run", "maybe"),
                engine.owner.id()), "Provided value 'maybe' for input 'dry-run' is not a valid boolean");
        assertInvalid(() -> engine.triggers.dispatch(deploy, "nope", Map.of("reason", "x"), engine.owner.id()),
                "No ref found for: nope");

        engine.compiler.define("push-only", workflow("Push only", TestingWorkflowCompiler.PUSH_TO_MAIN, job("build", null)));
        engine.push("push-only", Map.of(".github/workflows/push.yml", "push-only"), "Push only");
        Workflow pushOnly = engine.workflows.get(engine.repository.id(), "push.yml");
        assertInvalid(() -> engine.triggers.dispatch(pushOnly, "push-only", Map.of(), engine.owner.id()),
                "Workflow does not have 'workflow_dispatch' trigger");
    }

    @Test
    void repositoryDispatchRunsTheWorkflowsListeningToItsType() {
        engine.compiler.define("on-dispatch", workflow("On dispatch",
                trigger -> trigger instanceof Trigger.RepositoryDispatch dispatch && dispatch.eventType().equals("deploy"),
                job("go", null)));
        engine.push("main-2", Map.of(".github/workflows/hook.yml", "on-dispatch"), "Hook");
        // repository_dispatch runs on the default branch, which does not have hook.yml yet.
        assertThat(engine.triggers.repositoryDispatch(engine.repository.id(), "deploy",
                JsonNodeFactory.instance.objectNode(), engine.owner.id())).isEmpty();
    }

    @Test
    void runnersRegisterWithAnHourLongTokenAndAuthenticateByCredential() {
        var token = engine.runners.createToken(dev.gantry.engine.scope.ActionsScope.repository(engine.repository.id()),
                dev.gantry.engine.runners.RunnerToken.Purpose.REGISTER);
        assertThat(token.expiresAt()).isEqualTo(engine.clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                .plus(Runners.TOKEN_LIFETIME));

        var registered = engine.runners.register(token.token(), "box", "Linux", "X64", List.of("gpu", "GPU", "self-hosted"), false);

        assertThat(registered.runner().labels()).extracting(label -> label.name() + (label.readOnly() ? "*" : ""))
                .containsExactly("Linux*", "self-hosted*", "X64*", "gpu");
        Optional<Runner> authenticated = engine.runners.authenticate(registered.credential());
        assertThat(authenticated).map(Runner::id).contains(registered.runner().id());
        assertThat(engine.runnerStore.findById(registered.runner().id()).orElseThrow().status(engine.clock.instant())).isEqualTo("online");
        assertThat(engine.runners.authenticate("wrong")).isEmpty();
        assertThat(engine.runnerStore.findByCredentialHash(registered.credential())).isEmpty();

        engine.clock.advance(Duration.ofMinutes(61));
        assertThatThrownBy(() -> engine.runners.register(token.token(), "late", "Linux", "X64", List.of(), false))
                .isInstanceOfSatisfying(GantryException.class,
                        error -> assertThat(error.category()).isEqualTo(ErrorCategory.UNAUTHENTICATED));
    }

    private String registrationToken() {
        return engine.runners.createToken(dev.gantry.engine.scope.ActionsScope.repository(engine.repository.id()),
                dev.gantry.engine.runners.RunnerToken.Purpose.REGISTER).token();
    }

    @Test
    void aRemovedRunnersCredentialStopsWorkingAtOnceHoweverItWasRemoved() {
        String token = registrationToken();
        var first = engine.runners.register(token, "first", "Linux", "X64", List.of(), false);
        assertThat(engine.runners.authenticate(first.credential())).isPresent();

        // Removed behind Runners' back (as a repository's deletion cascades, or another node deletes it).
        engine.runnerStore.delete(first.runner().id());
        assertThat(engine.runners.authenticate(first.credential())).isEmpty();
    }

    @Test
    void anAuthenticatedRunnerStaysOnlineWhileItKeepsCalling() {
        var registered = engine.runners.register(registrationToken(), "steady", "Linux", "X64", List.of(), false);
        for (int minute = 0; minute < 10; minute++) {
            for (int call = 0; call < 6; call++) {
                assertThat(engine.runners.authenticate(registered.credential())).isPresent();
                engine.clock.advance(Duration.ofSeconds(10));
            }
            assertThat(engine.runnerStore.findById(registered.runner().id()).orElseThrow().status(engine.clock.instant())).isEqualTo("online");
        }
    }

    @Test
    void jobLogsAppendAtAnOffsetPerJobAndPerStep() throws IOException {
        JobLogs logs = new JobLogs(new FileSystemBlobStore(directory.resolve("blobs")));

        assertThat(logs.append(7, Optional.empty(), 0, text("one\n"))).isEqualTo(4);
        assertThat(logs.append(7, Optional.empty(), 0, text("one\n"))).isEqualTo(4);
        assertThat(logs.append(7, Optional.empty(), 4, text("two\n"))).isEqualTo(8);
        assertThat(logs.append(7, Optional.of(1), 0, text("step\n"))).isEqualTo(5);
        assertThatThrownBy(() -> logs.append(7, Optional.empty(), 100, text("gap")))
                .isInstanceOfSatisfying(GantryException.class, error -> assertThat(error.category()).isEqualTo(ErrorCategory.BAD_REQUEST));

        try (InputStream job = logs.open(7, Optional.empty()).orElseThrow()) {
            assertThat(new String(job.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("one\ntwo\n");
        }
        assertThat(logs.size(7, Optional.of(1))).isEqualTo(5);
        assertThat(logs.open(8, Optional.empty())).isEmpty();
    }

    private static void assertInvalid(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(GantryException.class, error -> {
            assertThat(error.category()).isEqualTo(ErrorCategory.VALIDATION_FAILED);
            assertThat(error.getMessage()).isEqualTo(message);
        });
    }

    private static InputStream text(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
