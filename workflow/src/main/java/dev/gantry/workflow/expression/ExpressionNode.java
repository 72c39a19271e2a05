package dev.gantry.workflow.expression;

import java.util.List;
import java.util.Objects;

/**
 * The syntax tree of an expression. Each node knows the 0-based offset of the token it came from
 * in the expression text, so callers can point at it.
 */
public sealed interface ExpressionNode {

    /** Offset of this node's token in the expression text (0-based, UTF-16 units). */
    int position();

    /** A literal: {@code null}, {@code true}, {@code 42}, {@code 'text'}. */
    record Literal(ExpressionValue value, int position) implements ExpressionNode {
        public Literal {
            Objects.requireNonNull(value, "value");
        }
    }

    /** A context such as {@code github}; {@code name} is spelled as written. */
    record NamedValue(String name, int position) implements ExpressionNode {
        public NamedValue {
            Objects.requireNonNull(name, "name");
        }
    }

    /** The {@code *} of {@code foo.*} or {@code foo[*]}: only ever the index of an {@link Index}. */
    record Wildcard(int position) implements ExpressionNode {
    }

    /** {@code target.name} (index is then a string literal) or {@code target[index]}. */
    record Index(ExpressionNode target, ExpressionNode index, int position) implements ExpressionNode {
        public Index {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(index, "index");
        }
    }

    /** {@code (inner)}: kept in the tree because only groups, calls and contexts may be indexed. */
    record Group(ExpressionNode inner, int position) implements ExpressionNode {
        public Group {
            Objects.requireNonNull(inner, "inner");
        }
    }

    /** {@code !operand}. */
    record Not(ExpressionNode operand, int position) implements ExpressionNode {
        public Not {
            Objects.requireNonNull(operand, "operand");
        }
    }

    /** {@code left OPERATOR right} for {@code == != < <= > >=}. */
    record Comparison(ComparisonOperator operator, ExpressionNode left, ExpressionNode right, int position)
            implements ExpressionNode {
        public Comparison {
            Objects.requireNonNull(operator, "operator");
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(right, "right");
        }
    }

    /** {@code a && b && c} or {@code a || b || c}: evaluates to the deciding operand, not a boolean. */
    record Logical(LogicalOperator operator, List<ExpressionNode> operands, int position) implements ExpressionNode {
        public Logical {
            Objects.requireNonNull(operator, "operator");
            operands = List.copyOf(operands);
            if (operands.size() < 2) {
                throw new IllegalArgumentException("a logical operator needs two operands or more");
            }
        }
    }

    /** A call of a built-in or allowed function; {@code name} is spelled as written. */
    record FunctionCall(String name, List<ExpressionNode> arguments, int position) implements ExpressionNode {
        public FunctionCall {
            Objects.requireNonNull(name, "name");
            arguments = List.copyOf(arguments);
        }
    }

    /** The comparison operators, with their spelling. */
    enum ComparisonOperator {
        EQUAL("=="), NOT_EQUAL("!="), LESS("<"), LESS_OR_EQUAL("<="), GREATER(">"), GREATER_OR_EQUAL(">=");

        private final String symbol;

        ComparisonOperator(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    /** The logical operators, with their spelling. */
    enum LogicalOperator {
        AND("&&"), OR("||");

        private final String symbol;

        LogicalOperator(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }
}
