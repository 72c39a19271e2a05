package dev.gantry.workflow.expression;

/**
 * Prints a syntax tree back as expression text that parses to the same tree: properties that are
 * identifiers as {@code .name}, other indexes in brackets, strings single-quoted. Groups are
 * kept as written, so no parentheses are added or lost.
 */
final class ExpressionPrinter {
    private ExpressionPrinter() {
    }

    static String print(ExpressionNode node) {
        StringBuilder out = new StringBuilder();
        print(node, out);
        return out.toString();
    }

    private static void print(ExpressionNode node, StringBuilder out) {
        switch (node) {
            case ExpressionNode.Literal literal -> printLiteral(literal.value(), out);
            case ExpressionNode.NamedValue named -> out.append(named.name());
            case ExpressionNode.Wildcard ignored -> out.append('*');
            case ExpressionNode.Group group -> {
                out.append('(');
                print(group.inner(), out);
                out.append(')');
            }
            case ExpressionNode.Not not -> {
                out.append('!');
                print(not.operand(), out);
            }
            case ExpressionNode.Index index -> {
                print(index.target(), out);
                if (index.index() instanceof ExpressionNode.Wildcard) {
                    out.append(".*");
                } else if (index.index() instanceof ExpressionNode.Literal literal
                        && literal.value() instanceof ExpressionValue.StringValue name && Lexer.isLegalIdentifier(name.value())) {
                    out.append('.').append(name.value());
                } else {
                    out.append('[');
                    print(index.index(), out);
                    out.append(']');
                }
            }
            case ExpressionNode.Comparison comparison -> {
                print(comparison.left(), out);
                out.append(' ').append(comparison.operator().symbol()).append(' ');
                print(comparison.right(), out);
            }
            case ExpressionNode.Logical logical -> {
                for (int i = 0; i < logical.operands().size(); i++) {
                    if (i > 0) {
                        out.append(' ').append(logical.operator().symbol()).append(' ');
                    }
                    print(logical.operands().get(i), out);
                }
            }
            case ExpressionNode.FunctionCall call -> {
                out.append(call.name()).append('(');
                for (int i = 0; i < call.arguments().size(); i++) {
                    if (i > 0) {
                        out.append(", ");
                    }
                    print(call.arguments().get(i), out);
                }
                out.append(')');
            }
        }
    }

    private static void printLiteral(ExpressionValue value, StringBuilder out) {
        switch (value) {
            case ExpressionValue.NullValue ignored -> out.append("null");
            case ExpressionValue.BooleanValue b -> out.append(b.value());
            case ExpressionValue.NumberValue n -> out.append(
                    n.value() == 0 && 1 / n.value() < 0 ? "-0" : JavaScriptNumbers.toString(n.value()));
            case ExpressionValue.StringValue s -> out.append('\'').append(s.value().replace("'", "''")).append('\'');
            // Arrays and objects are never literals in the text; print them as fromJSON would read them.
            default -> {
                out.append("fromJSON(");
                printLiteral(ExpressionValue.of(JsonText.toJson(value)), out);
                out.append(')');
            }
        }
    }
}
