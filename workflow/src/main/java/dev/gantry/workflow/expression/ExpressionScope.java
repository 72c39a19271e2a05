package dev.gantry.workflow.expression;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What an expression may reference at one place of a workflow: the named-values (contexts such as
 * {@code github}, {@code env}, {@code matrix}) and the functions beyond the built-ins (such as
 * {@code success()} or {@code hashFiles()}). GitHub allows different contexts in different
 * positions (for example {@code jobs.<id>.if} sees {@code needs} but not {@code steps}); the
 * parser rejects anything else with GitHub's message. Names are case-insensitive.
 */
public record ExpressionScope(Set<String> namedValues, List<FunctionSignature> functions) {
    public ExpressionScope {
        namedValues = Set.copyOf(namedValues.stream().map(CaseInsensitiveProperties::fold).toList());
        functions = List.copyOf(functions);
    }

    /** The four status functions, as allowed in job and step {@code if}s (steps also allow {@link FunctionSignature#HASH_FILES}). */
    public static final List<FunctionSignature> STATUS_FUNCTIONS = List.of(
            FunctionSignature.SUCCESS, FunctionSignature.ALWAYS, FunctionSignature.CANCELLED, FunctionSignature.FAILURE);

    /** A scope with these named-values and only the built-in functions. */
    public static ExpressionScope of(String... namedValues) {
        return new ExpressionScope(Set.of(namedValues), List.of());
    }

    /** This scope with more functions allowed. */
    public ExpressionScope withFunctions(List<FunctionSignature> more) {
        return new ExpressionScope(namedValues, concatenate(functions, more));
    }

    /** Whether {@code name} is an allowed named-value (case-insensitive). */
    public boolean allowsNamedValue(String name) {
        return namedValues.contains(CaseInsensitiveProperties.fold(name));
    }

    /** The extra function called {@code name} (case-insensitive), if allowed. */
    public Optional<FunctionSignature> function(String name) {
        for (FunctionSignature function : functions) {
            if (function.name().equalsIgnoreCase(name)) {
                return Optional.of(function);
            }
        }
        return Optional.empty();
    }

    private static List<FunctionSignature> concatenate(List<FunctionSignature> first, List<FunctionSignature> second) {
        Map<String, FunctionSignature> byName = new LinkedHashMap<>();
        for (FunctionSignature function : first) {
            byName.putIfAbsent(CaseInsensitiveProperties.fold(function.name()), function);
        }
        for (FunctionSignature function : second) {
            byName.putIfAbsent(CaseInsensitiveProperties.fold(function.name()), function);
        }
        return List.copyOf(byName.values());
    }
}
