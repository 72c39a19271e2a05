package dev.gantry.api.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.engine.GantryException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TestRunFilters {
    private static Instant at(String text) {
        return Instant.parse(text);
    }

    @Test
    void aDateCoversThatDay() {
        assertThat(RunFilters.range("2026-01-02")).containsExactly(at("2026-01-02T00:00:00Z"), at("2026-01-03T00:00:00Z"));
    }

    @Test
    void comparisonsAndRanges() {
        assertThat(RunFilters.range(">=2026-01-02")).containsExactly(at("2026-01-02T00:00:00Z"), null);
        assertThat(RunFilters.range(">2026-01-02")).containsExactly(at("2026-01-03T00:00:00Z"), null);
        assertThat(RunFilters.range("<=2026-01-02")).containsExactly(null, at("2026-01-03T00:00:00Z"));
        assertThat(RunFilters.range("<2026-01-02")).containsExactly(null, at("2026-01-02T00:00:00Z"));
        assertThat(RunFilters.range("2026-01-01..2026-01-31")).containsExactly(at("2026-01-01T00:00:00Z"), at("2026-02-01T00:00:00Z"));
        assertThat(RunFilters.range("2026-01-01..*")).containsExactly(at("2026-01-01T00:00:00Z"), null);
        assertThat(RunFilters.range("*..2026-01-01")).containsExactly(null, at("2026-01-02T00:00:00Z"));
    }

    @Test
    void timesWithAndWithoutAZone() {
        assertThat(RunFilters.range(">=2026-01-02T10:00:00Z")).containsExactly(at("2026-01-02T10:00:00Z"), null);
        assertThat(RunFilters.range(">=2026-01-02T10:00:00+02:00")).containsExactly(at("2026-01-02T08:00:00Z"), null);
        assertThat(RunFilters.range("<=2026-01-02T10:00:00")).containsExactly(null, at("2026-01-02T10:00:01Z"));
    }

    @Test
    void nonsenseIsA422() {
        assertThatThrownBy(() -> RunFilters.range("yesterday")).isInstanceOf(GantryException.class)
                .hasMessage("Validation Failed");
    }
}
