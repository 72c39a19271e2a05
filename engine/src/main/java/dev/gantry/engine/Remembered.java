package dev.gantry.engine;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bounded memory of values that never change for their key (a commit by its full id, a compiled
 * workflow by its blob id): thread-safe, least recently used entries go first once it is full.
 */
public final class Remembered {
    private Remembered() {}

    /** An empty memory that keeps at most {@code capacity} entries. */
    public static <K, V> Map<K, V> atMost(int capacity) {
        return Collections.synchronizedMap(new LinkedHashMap<>(Math.min(capacity, 256), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        });
    }
}
