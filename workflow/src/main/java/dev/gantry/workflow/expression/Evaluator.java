package dev.gantry.workflow.expression;

import dev.gantry.workflow.expression.ExpressionNode.Comparison;
import dev.gantry.workflow.expression.ExpressionValue.ArrayValue;
import dev.gantry.workflow.expression.ExpressionValue.ObjectValue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Evaluates one expression tree once. Not shared between threads: it holds the state of one
 * evaluation (the memory accounted so far and which arrays came from a {@code *} filter).
 */
final class Evaluator implements BuiltInFunction.Memory {
    /** GitHub's memory limit for one evaluation. */
    static final long MAXIMUM_MEMORY_BYTES = 1024 * 1024;

    private final EvaluationContext context;
    /**
     * Arrays produced by {@code *}: indexing one indexes each of its items instead (GitHub's
     * "filtered array"). Kept by identity; created only when an expression uses {@code *}.
     */
    private Set<ArrayValue> filteredArrays;
    /** Characters of strings built by functions whose results are still in use, as GitHub counts them. */
    private long liveCharacters;

    Evaluator(EvaluationContext context) {
        this.context = context;
    }

    ExpressionValue evaluate(ExpressionNode node) {
        return switch (node) {
            case ExpressionNode.Literal literal -> literal.value();
            case ExpressionNode.NamedValue named -> context.namedValue(named.name());
            case ExpressionNode.Group group -> evaluate(group.inner());
            case ExpressionNode.Not not -> {
                long mark = liveCharacters;
                boolean truthy = Coercion.isTruthy(evaluate(not.operand()));
                liveCharacters = mark;
                yield ExpressionValue.of(!truthy);
            }
            case ExpressionNode.Logical logical -> logical(logical);
            case Comparison comparison -> comparisonChain(comparison);
            case ExpressionNode.Index index -> index(index);
            case ExpressionNode.FunctionCall call -> call(call);
            case ExpressionNode.Wildcard ignored -> throw new IllegalStateException("a wildcard is only an index");
        };
    }

    /** Returns the operand that decided the result, as GitHub does ({@code a || 'default'}). */
    private ExpressionValue logical(ExpressionNode.Logical logical) {
        boolean and = logical.operator() == ExpressionNode.LogicalOperator.AND;
        ExpressionValue result = null;
        for (ExpressionNode operand : logical.operands()) {
            result = evaluate(operand);
            if (Coercion.isTruthy(result) != and) {
                break;
            }
        }
        return result;
    }

    /**
     * Comparisons associate to the left ({@code a < b < c} is {@code (a < b) < c}); the chain is
     * walked iteratively so that a long chain cannot overflow the stack.
     */
    private ExpressionValue comparisonChain(Comparison outermost) {
        if (!(outermost.left() instanceof Comparison)) {
            long mark = liveCharacters;
            ExpressionValue left = evaluate(outermost.left());
            ExpressionValue right = evaluate(outermost.right());
            liveCharacters = mark;
            return ExpressionValue.of(compare(outermost.operator(), left, right));
        }
        List<Comparison> chain = new ArrayList<>();
        ExpressionNode node = outermost;
        while (node instanceof Comparison comparison) {
            chain.add(comparison);
            node = comparison.left();
        }
        long mark = liveCharacters;
        ExpressionValue value = evaluate(node);
        for (int i = chain.size() - 1; i >= 0; i--) {
            Comparison comparison = chain.get(i);
            ExpressionValue right = evaluate(comparison.right());
            value = ExpressionValue.of(compare(comparison.operator(), value, right));
            liveCharacters = mark;
        }
        return value;
    }

    private static boolean compare(ExpressionNode.ComparisonOperator operator, ExpressionValue left, ExpressionValue right) {
        return switch (operator) {
            case EQUAL -> Coercion.looselyEquals(left, right);
            case NOT_EQUAL -> !Coercion.looselyEquals(left, right);
            case GREATER -> Coercion.compare(left, right) == 1;
            case LESS -> Coercion.compare(left, right) == -1;
            // GitHub defines these as "equal or ...", which matters for arrays and objects (a >= a).
            case GREATER_OR_EQUAL -> Coercion.looselyEquals(left, right) || Coercion.compare(left, right) == 1;
            case LESS_OR_EQUAL -> Coercion.looselyEquals(left, right) || Coercion.compare(left, right) == -1;
        };
    }

    private ExpressionValue index(ExpressionNode.Index index) {
        // GitHub evaluates the index before the indexed value.
        boolean wildcard = index.index() instanceof ExpressionNode.Wildcard;
        ExpressionValue key = wildcard ? null : evaluate(index.index());
        ExpressionValue target = evaluate(index.target());
        if (wildcard) {
            return filtered(switch (target) {
                case ArrayValue array when isFiltered(array) -> flatten(array);
                case ArrayValue array -> array.items();
                case ObjectValue object -> List.copyOf(object.properties().values());
                default -> List.of();
            });
        }
        return switch (target) {
            case ArrayValue array when isFiltered(array) -> {
                List<ExpressionValue> selected = new ArrayList<>();
                for (ExpressionValue item : array.items()) {
                    ExpressionValue found = lookUp(item, key);
                    if (found != null) {
                        selected.add(found);
                    }
                }
                yield filtered(selected);
            }
            default -> {
                ExpressionValue found = lookUp(target, key);
                yield found == null ? ExpressionValue.NULL : found;
            }
        };
    }

    /** {@code target[key]}: a property by its string form, an item by its (floored) number form; null when absent. */
    private static ExpressionValue lookUp(ExpressionValue target, ExpressionValue key) {
        if (target instanceof ObjectValue object) {
            return Coercion.isPrimitive(key) ? object.get(Coercion.toText(key)) : null;
        }
        if (target instanceof ArrayValue array) {
            double number = Coercion.toNumber(key);
            if (Double.isFinite(number) && number >= 0 && Math.floor(number) < array.items().size()) {
                return array.items().get((int) Math.floor(number));
            }
        }
        return null;
    }

    /** The items of each array and the values of each object of a filtered array, in order. */
    private static List<ExpressionValue> flatten(ArrayValue filtered) {
        List<ExpressionValue> flattened = new ArrayList<>();
        for (ExpressionValue item : filtered.items()) {
            if (item instanceof ArrayValue array) {
                flattened.addAll(array.items());
            } else if (item instanceof ObjectValue object) {
                flattened.addAll(object.properties().values());
            }
        }
        return flattened;
    }

    private ArrayValue filtered(List<ExpressionValue> items) {
        ArrayValue array = new ArrayValue(items);
        if (filteredArrays == null) {
            filteredArrays = Collections.newSetFromMap(new IdentityHashMap<>());
        }
        filteredArrays.add(array);
        return array;
    }

    private boolean isFiltered(ArrayValue array) {
        return filteredArrays != null && filteredArrays.contains(array);
    }

    private ExpressionValue call(ExpressionNode.FunctionCall call) {
        long mark = liveCharacters;
        List<ExpressionValue> arguments = new ArrayList<>(call.arguments().size());
        for (ExpressionNode argument : call.arguments()) {
            arguments.add(evaluate(argument));
        }
        BuiltInFunction builtIn = BuiltInFunction.find(call.name());
        ExpressionValue result = builtIn != null
                ? builtIn.call(arguments, this)
                : context.functions().call(CaseInsensitiveProperties.fold(call.name()), Collections.unmodifiableList(arguments));
        // The arguments are released; a string the function built stays accounted while it is in use.
        boolean built = builtIn == BuiltInFunction.FORMAT || builtIn == BuiltInFunction.JOIN || builtIn == BuiltInFunction.TO_JSON;
        liveCharacters = mark;
        if (built) {
            reserve(((ExpressionValue.StringValue) result).value().length());
        }
        return result;
    }

    /** Strings count two bytes a character, as in GitHub's evaluator. */
    @Override
    public void reserve(long characters) {
        liveCharacters += characters;
        if (liveCharacters * 2 > MAXIMUM_MEMORY_BYTES) {
            throw new ExpressionException(ExpressionException.Stage.EVALUATION, "The maximum allowed memory size was exceeded");
        }
    }
}
