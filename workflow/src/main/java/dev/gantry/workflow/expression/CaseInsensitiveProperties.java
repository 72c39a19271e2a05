package dev.gantry.workflow.expression;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The immutable map behind {@link ExpressionValue.ObjectValue}: insertion order kept, keys looked
 * up case-insensitively, the first of two keys differing only by case kept (GitHub's dictionary
 * ignores the later one).
 */
final class CaseInsensitiveProperties extends AbstractMap<String, ExpressionValue> {
    private final String[] names;
    private final ExpressionValue[] values;
    private final Map<String, Integer> indexByFoldedName;

    private CaseInsensitiveProperties(String[] names, ExpressionValue[] values, Map<String, Integer> indexByFoldedName) {
        this.names = names;
        this.values = values;
        this.indexByFoldedName = indexByFoldedName;
    }

    static Map<String, ExpressionValue> copyOf(Map<String, ExpressionValue> source) {
        if (source instanceof CaseInsensitiveProperties already) {
            return already;
        }
        String[] names = new String[source.size()];
        ExpressionValue[] values = new ExpressionValue[source.size()];
        Map<String, Integer> index = HashMap.newHashMap(source.size());
        int count = 0;
        for (Map.Entry<String, ExpressionValue> entry : source.entrySet()) {
            String name = java.util.Objects.requireNonNull(entry.getKey(), "property name");
            ExpressionValue value = java.util.Objects.requireNonNull(entry.getValue(), "property value");
            if (index.putIfAbsent(fold(name), count) == null) {
                names[count] = name;
                values[count] = value;
                count++;
            }
        }
        return new CaseInsensitiveProperties(Arrays.copyOf(names, count), Arrays.copyOf(values, count), index);
    }

    /** Case folding as GitHub's evaluator does it: lower case, locale-independent. */
    static String fold(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= 0x80 || (c >= 'A' && c <= 'Z')) {
                return name.toLowerCase(Locale.ROOT);
            }
        }
        return name;
    }

    @Override
    public ExpressionValue get(Object key) {
        if (!(key instanceof String name)) {
            return null;
        }
        Integer position = indexByFoldedName.get(fold(name));
        return position == null ? null : values[position];
    }

    @Override
    public boolean containsKey(Object key) {
        return get(key) != null;
    }

    @Override
    public int size() {
        return names.length;
    }

    @Override
    public Set<Entry<String, ExpressionValue>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, ExpressionValue>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < names.length;
                    }

                    @Override
                    public Entry<String, ExpressionValue> next() {
                        if (next >= names.length) {
                            throw new NoSuchElementException();
                        }
                        int position = next++;
                        return new SimpleImmutableEntry<>(names[position], values[position]);
                    }
                };
            }

            @Override
            public int size() {
                return names.length;
            }
        };
    }
}
