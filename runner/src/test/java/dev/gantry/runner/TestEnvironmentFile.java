package dev.gantry.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TestEnvironmentFile {
    static Stream<Arguments> valid() {
        return Stream.of(
                Arguments.of("A=1\n", Map.of("A", "1")),
                Arguments.of("A=1\n\nB=two words\n", Map.of("A", "1", "B", "two words")),
                Arguments.of("A=x=y\n", Map.of("A", "x=y")),
                Arguments.of("A=\n", Map.of("A", "")),
                Arguments.of("A=1\nA=2\n", Map.of("A", "2")),
                Arguments.of("M<<EOF\nline 1\nline 2\nEOF\n", Map.of("M", "line 1\nline 2")),
                Arguments.of("M<<EOF\n\nEOF\n", Map.of("M", "")),
                Arguments.of("M<<EOF\nEOF\n", Map.of("M", "")),
                Arguments.of("M<<ghadelimiter_1\nA=not an assignment\nghadelimiter_1\nN=1\n", Map.of("M", "A=not an assignment", "N", "1")),
                Arguments.of("A=has<<inside\n", Map.of("A", "has<<inside")),
                Arguments.of("W<<EOF\r\nwindows\r\nEOF\r\n", Map.of("W", "windows")),
                Arguments.of("", Map.of()));
    }

    @ParameterizedTest
    @MethodSource("valid")
    void parses(String text, Map<String, String> expected) throws Exception {
        assertThat(EnvironmentFile.parse(text, "GITHUB_OUTPUT")).isEqualTo(expected);
    }

    @Test
    void aMissingDelimiterIsAnErrorThatNamesTheDelimiterNotTheValue() {
        assertThatThrownBy(() -> EnvironmentFile.parse("M<<END\nsecret-ish\n", "GITHUB_ENV"))
                .isInstanceOf(EnvironmentFile.InvalidEnvironmentFileException.class)
                .hasMessageContaining("Matching delimiter not found 'END'").hasMessageNotContaining("secret-ish");
    }

    @Test
    void aLineWithoutAssignmentIsAnError() {
        assertThatThrownBy(() -> EnvironmentFile.parse("just text\n", "GITHUB_ENV"))
                .isInstanceOf(EnvironmentFile.InvalidEnvironmentFileException.class).hasMessageContaining("line 1");
    }

    @Test
    void anEmptyNameIsAnError() {
        assertThatThrownBy(() -> EnvironmentFile.parse("=value\n", "GITHUB_ENV"))
                .isInstanceOf(EnvironmentFile.InvalidEnvironmentFileException.class).hasMessageContaining("name is empty");
    }

    @Test
    void aMissingFileIsEmpty(@TempDir Path directory) throws Exception {
        assertThat(EnvironmentFile.read(directory.resolve("absent"))).isEmpty();
    }
}
