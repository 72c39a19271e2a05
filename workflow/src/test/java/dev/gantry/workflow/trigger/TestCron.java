package dev.gantry.workflow.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** POSIX cron as GitHub's {@code schedule} reads it, always in UTC. */
class TestCron {
    private static Instant next(String cron, String after) {
        return Cron.parse(cron).nextAfter(Instant.parse(after)).orElseThrow();
    }

    @Test
    void nextFireTimes() {
        assertThat(next("* * * * *", "2026-11-28T10:15:30Z")).isEqualTo("2026-11-28T10:16:00Z");
        assertThat(next("30 5 * * 1,3", "2026-11-28T10:15:00Z")).isEqualTo("2026-11-30T05:30:00Z"); // Monday
        assertThat(next("*/15 * * * *", "2026-11-28T10:15:00Z")).isEqualTo("2026-11-28T10:30:00Z");
        assertThat(next("0 0 1 1 *", "2026-11-28T10:15:00Z")).isEqualTo("2027-01-01T00:00:00Z");
        assertThat(next("0 12 * JAN-MAR MON-FRI", "2026-11-28T10:15:00Z")).isEqualTo("2027-01-01T12:00:00Z");
        assertThat(next("0 0 29 2 *", "2026-11-28T10:15:00Z")).isEqualTo("2028-02-29T00:00:00Z");
        assertThat(next("0 0 * * 7", "2026-11-28T10:15:00Z")).isEqualTo("2026-11-29T00:00:00Z"); // 7 is Sunday
        assertThat(next("5/20 * * * *", "2026-11-28T10:15:00Z")).isEqualTo("2026-11-28T10:25:00Z");
    }

    @Test
    void dayOfMonthOrDayOfWeekWhenBothAreRestricted() {
        // The 15th or any Friday, as POSIX cron reads it.
        assertThat(next("0 0 15 * 5", "2026-11-28T10:15:00Z")).isEqualTo("2026-12-04T00:00:00Z");
    }

    @Test
    void rejectsInvalidCrons() {
        for (String bad : new String[] {"", "* * * *", "* * * * * *", "60 * * * *", "* 24 * * *", "* * 0 * *", "* * * 13 *",
                "* * * * 8", "a * * * *", "5-1 * * * *", "*/0 * * * *", "1,,2 * * * *"}) {
            assertThat(Cron.isValid(bad)).as(bad).isFalse();
        }
        assertThatThrownBy(() -> Cron.parse("61 * * * *")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void scheduleErrorsInAWorkflow() {
        var parsed = dev.gantry.workflow.WorkflowParser.parse("ci.yml", """
                on:
                  schedule:
                    - cron: '0 25 * * *'
                jobs:
                  a:
                    runs-on: x
                    steps:
                      - run: echo
                """);
        assertThat(parsed.errors()).extracting(dev.gantry.workflow.WorkflowError::formatted).containsExactly(
                "ci.yml (Line: 3, Col: 13): Invalid cron expression. Expected format: '* * * * *' (minute hour day month weekday)");
    }
}
