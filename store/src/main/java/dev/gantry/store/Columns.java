package dev.gantry.store;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Column lists as the stores write them ({@code "id, name, …"}), for statements that join tables. */
final class Columns {
    private Columns() {}

    /** {@code columns} qualified by a table's alias: {@code "id, name"} as {@code "r.id, r.name"}. */
    static String qualified(String alias, String columns) {
        return Arrays.stream(columns.split(",")).map(column -> alias + "." + column.strip()).collect(Collectors.joining(", "));
    }
}
