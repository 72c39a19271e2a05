package dev.gantry.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TestWorkflowCommand {
    @Test
    void parsesNamePropertiesAndData() {
        WorkflowCommand command = WorkflowCommand.parse("::error file=a%2Cb.c,line=3,title=Oops%3A here::multi%0Aline 100%25");
        assertThat(command.name()).isEqualTo("error");
        assertThat(command.properties()).isEqualTo(Map.of("file", "a,b.c", "line", "3", "title", "Oops: here"));
        assertThat(command.data()).isEqualTo("multi\nline 100%");
    }

    @Test
    void namesAreCaseInsensitiveAndLeadingSpaceIsAllowed() {
        WorkflowCommand command = WorkflowCommand.parse("   ::Add-Mask::value");
        assertThat(command.name()).isEqualTo("add-mask");
        assertThat(command.data()).isEqualTo("value");
    }

    @Test
    void theLegacyFormIsAccepted() {
        WorkflowCommand command = WorkflowCommand.parse("##[set-output name=x;]value");
        assertThat(command.name()).isEqualTo("set-output");
        assertThat(command.properties()).isEqualTo(Map.of("name", "x"));
        assertThat(command.data()).isEqualTo("value");
    }

    @Test
    void emptyDataIsEmpty() {
        WorkflowCommand command = WorkflowCommand.parse("::endgroup::");
        assertThat(command.name()).isEqualTo("endgroup");
        assertThat(command.data()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain output", "::no-end", ":: ::x", "a ::error::x", "##[unterminated"})
    void ordinaryLinesAreNotCommands(String line) {
        assertThat(WorkflowCommand.parse(line)).isNull();
    }
}
