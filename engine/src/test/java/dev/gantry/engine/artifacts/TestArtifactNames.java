package dev.gantry.engine.artifacts;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.engine.ErrorCategory;
import dev.gantry.engine.GantryException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The artifact name rule of {@code @actions/artifact}, enforced by the server too. */
class TestArtifactNames {
    @ParameterizedTest
    @ValueSource(strings = {"../../etc/passwd", "a/b", "a\\b", "x:y", "a*", "a?", "<a>", "a|b", "\"q\"", "line\nbreak", "..", ".", "", " ",
            "tab\there"})
    void refused(String name) {
        assertThatThrownBy(() -> Artifacts.checkName(name))
                .isInstanceOfSatisfying(GantryException.class, e -> org.assertj.core.api.Assertions.assertThat(e.category())
                        .isEqualTo(ErrorCategory.BAD_REQUEST))
                .hasMessageContaining("artifact name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dist", "report.html", "my artifact (linux-x64) v1.2", "..hidden", "ünïcode"})
    void accepted(String name) {
        assertThatCode(() -> Artifacts.checkName(name)).doesNotThrowAnyException();
    }

    @Test
    void aNameOfMoreThan256CharactersIsRefused() {
        assertThatThrownBy(() -> Artifacts.checkName("a".repeat(257))).hasMessageContaining("longer than 256");
    }
}
