package dev.gantry.workflow;

import dev.gantry.workflow.expression.ExpressionValue;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Where a job may run, from its evaluated {@code runs-on}: a label ({@code ubuntu-latest}), a
 * list of labels a runner must all have, or {@code {group, labels}} to pick a runner group
 * ({@code my-group}, {@code organization/my-group} or {@code enterprise/my-group}).
 */
public record RunsOn(Set<String> labels, Optional<String> group) {
    private static final List<String> GROUP_PREFIXES = List.of("org", "organization", "ent", "enterprise");

    public RunsOn {
        labels = Set.copyOf(new LinkedHashSet<>(labels));
        Objects.requireNonNull(group, "group");
    }

    /**
     * Reads an evaluated {@code runs-on}.
     *
     * @throws IllegalArgumentException with GitHub's message when the group name is not valid
     */
    public static RunsOn from(ExpressionValue value) {
        Set<String> labels = new LinkedHashSet<>();
        Optional<String> group = Optional.empty();
        switch (value) {
            case ExpressionValue.StringValue label -> labels.add(label.value());
            case ExpressionValue.ArrayValue array -> addLabels(array, labels);
            case ExpressionValue.ObjectValue object -> {
                for (Map.Entry<String, ExpressionValue> property : object.properties().entrySet()) {
                    if (property.getKey().equals("group") && property.getValue() instanceof ExpressionValue.StringValue name) {
                        String error = groupNameError(name.value());
                        if (error != null) {
                            throw new IllegalArgumentException(error);
                        }
                        group = Optional.of(name.value());
                    } else if (property.getKey().equals("labels")) {
                        if (property.getValue() instanceof ExpressionValue.ArrayValue array) {
                            addLabels(array, labels);
                        } else if (property.getValue() instanceof ExpressionValue.StringValue label) {
                            labels.add(label.value());
                        }
                    }
                }
            }
            default -> {
            }
        }
        return new RunsOn(labels, group);
    }

    private static void addLabels(ExpressionValue.ArrayValue array, Set<String> labels) {
        for (ExpressionValue item : array.items()) {
            labels.add(ExpressionValue.toText(item));
        }
    }

    /**
     * GitHub's message for a runner group name that is not {@code name} or
     * {@code organization/name} / {@code enterprise/name} (short forms {@code org/}, {@code ent/}),
     * else null.
     */
    static String groupNameError(String name) {
        String[] parts = name.split("/", -1);
        if (parts.length == 1) {
            return null;
        }
        if (parts.length == 2 && GROUP_PREFIXES.contains(parts[0])) {
            return parts[1].isEmpty() ? "Invalid runs-on group name '" + name + "'." : null;
        }
        return "Invalid runs-on group name '" + name + ". Please use 'organization/' or 'enterprise/' prefix to target a single runner group.'";
    }
}
