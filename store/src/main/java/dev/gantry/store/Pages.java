package dev.gantry.store;

import dev.gantry.engine.store.Page;
import java.util.List;

/** Builds a {@link Page} from a LIMIT/OFFSET query and a COUNT. */
final class Pages {
    private Pages() {
    }

    /**
     * The count and the items are two statements outside a transaction (a transaction would make
     * every list a writer on SQLite), so a row inserted between them can make the count lag the
     * items; never report fewer than were returned.
     */
    static <T> Page<T> of(List<T> items, long totalCount) {
        return new Page<>(items, Math.max(totalCount, items.size()));
    }

    static <T> Page<T> empty() {
        return new Page<>(List.of(), 0);
    }
}
