package dev.gantry.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestActionManifest {
    @Test
    void readsACompositeAction() throws Exception {
        ActionManifest manifest = ActionManifest.parse("""
                name: Setup
                inputs:
                  version: { default: 20, required: true }
                  flag: { description: no default }
                outputs:
                  path: { value: "${{ steps.a.outputs.p }}" }
                runs:
                  using: Composite
                  steps:
                    - id: a
                      run: echo hi
                      shell: bash
                      env: { X: 1 }
                      continue-on-error: true
                      working-directory: sub
                    - uses: ./other
                      with: { n: 2 }
                """, "./setup");
        assertThat(manifest.using()).isEqualTo("composite");
        assertThat(manifest.inputDefaults()).containsEntry("version", "20").containsEntry("flag", null);
        assertThat(manifest.requiredInputs()).containsExactly("version");
        assertThat(manifest.outputValues()).containsEntry("path", "${{ steps.a.outputs.p }}");
        assertThat(manifest.steps()).hasSize(2);
        assertThat(manifest.steps().getFirst().env()).containsEntry("X", "1");
        assertThat(manifest.steps().getFirst().continueOnError()).isEqualTo("true");
        assertThat(manifest.steps().getFirst().workingDirectory()).isEqualTo("sub");
        assertThat(manifest.steps().get(1).with()).containsEntry("n", "2");
    }

    @Test
    void readsANodeAction() throws Exception {
        ActionManifest manifest = ActionManifest.parse("runs:\n  using: node24\n  main: dist/index.js\n  post: dist/post.js\n", "o/r@v1");
        assertThat(manifest.isNode()).isTrue();
        assertThat(manifest.main()).isEqualTo("dist/index.js");
        assertThat(manifest.post()).isEqualTo("dist/post.js");
        assertThat(manifest.name()).isEqualTo("o/r@v1");
    }

    @Test
    void compositeRunStepsNeedAShell() {
        assertThatThrownBy(() -> ActionManifest.parse("runs:\n  using: composite\n  steps:\n    - run: echo\n", "./x"))
                .hasMessageContaining("Required property is missing: shell");
    }

    @Test
    void aDockerfileAloneIsADockerAction(@TempDir Path directory) throws Exception {
        Files.writeString(directory.resolve("Dockerfile"), "FROM alpine\n");
        assertThat(ActionManifest.load(directory, "./d").using()).isEqualTo("docker");
    }

    @Test
    void invalidYamlIsAnInvalidAction() {
        assertThatThrownBy(() -> ActionManifest.parse("runs: [", "./x")).isInstanceOf(ActionManifest.InvalidActionException.class);
        assertThatThrownBy(() -> ActionManifest.parse("name: x\n", "./x")).isInstanceOf(ActionManifest.InvalidActionException.class);
    }

    @Test
    void parsesActionReferences() throws Exception {
        assertThat(ActionReference.parse("actions/setup-node@v4")).isEqualTo(new ActionReference("actions", "setup-node", "", "v4"));
        assertThat(ActionReference.parse("o/r/sub/dir@main").path()).isEqualTo("sub/dir");
        assertThat(ActionReference.isRemote("./local")).isFalse();
        assertThat(ActionReference.isRemote("docker://alpine")).isFalse();
        assertThatThrownBy(() -> ActionReference.parse("no-ref")).hasMessageContaining("Expected format {org}/{repo}[/path]@ref");
        assertThatThrownBy(() -> ActionReference.parse("owner@v1")).isInstanceOf(ActionReference.InvalidReferenceException.class);
    }
}
