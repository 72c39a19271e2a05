package dev.gantry.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Each chore goes through the lock that keeps nodes from doing it twice at once. */
class TestQueueMaintenance {
    @Test
    void aChoreAnotherNodeHoldsIsSkippedAndOneThatFailsStopsNothing() {
        AtomicInteger swept = new AtomicInteger();
        QueueMaintenance.Chore sweep = new QueueMaintenance.Chore("swept {}", swept::incrementAndGet);
        QueueMaintenance.Chore broken = new QueueMaintenance.Chore("broke {}", () -> {
            throw new IllegalStateException("database hiccup");
        });
        List<String> asked = new ArrayList<>();
        QueueMaintenance.ChoreLock heldElsewhere = (chore, work) -> {
            asked.add(chore);
            return OptionalInt.empty();
        };

        QueueMaintenance.runOnce(sweep, heldElsewhere);
        assertThat(swept).hasValue(0);
        assertThat(asked).containsExactly("swept {}");

        QueueMaintenance.runOnce(broken, QueueMaintenance.ChoreLock.NONE);
        QueueMaintenance.runOnce(sweep, QueueMaintenance.ChoreLock.NONE);
        assertThat(swept).hasValue(1);
    }
}
