package dev.gantry.engine.store;

import java.util.List;
import java.util.function.Function;

/** One page of a list together with the size of the whole list (GitHub's {@code total_count}). */
public record Page<T>(List<T> items, long totalCount) {
    public Page {
        items = List.copyOf(items);
        if (totalCount < items.size()) {
            throw new IllegalArgumentException("totalCount " + totalCount + " < items " + items.size());
        }
    }

    /** The page {@code request} of a list held whole (one that is never long: a scope's few items). */
    public static <T> Page<T> of(List<T> all, PageRequest request) {
        int from = (int) Math.min(request.offset(), all.size());
        return new Page<>(all.subList(from, Math.min(from + request.perPage(), all.size())), all.size());
    }

    public <R> Page<R> map(Function<? super T, ? extends R> mapper) {
        return new Page<>(items.stream().<R>map(mapper).toList(), totalCount);
    }
}
