package dev.gantry.workflow.expression;

import dev.gantry.workflow.expression.ExpressionNode.ComparisonOperator;
import dev.gantry.workflow.expression.ExpressionNode.LogicalOperator;

import java.util.ArrayList;
import java.util.List;

/**
 * Recursive-descent parser with GitHub's grammar, precedence, depth accounting and messages.
 * Precedence, loosest first: {@code ||}, {@code &&}, {@code == !=}, {@code < <= > >=},
 * {@code !}, then indexing ({@code .name}, {@code [index]}) of calls, groups and contexts.
 */
final class Parser {
    private final String text;
    private final List<Token> tokens;
    private final ExpressionScope scope;
    private int next;
    private int depth;

    private Parser(String text, List<Token> tokens, ExpressionScope scope) {
        this.text = text;
        this.tokens = tokens;
        this.scope = scope;
    }

    /** Parses {@code text}; an empty expression is the null literal. */
    static ExpressionNode parse(String text, ExpressionScope scope, int maximumLength) {
        if (text.length() > maximumLength) {
            throw new ExpressionException(ExpressionException.Stage.PARSING,
                    "Exceeded max expression length " + maximumLength);
        }
        Parser parser = new Parser(text, Lexer.tokenize(text), scope);
        if (parser.atEnd()) {
            return new ExpressionNode.Literal(ExpressionValue.NULL, 0);
        }
        ExpressionNode root = parser.expression();
        if (!parser.atEnd()) {
            throw parser.unexpected(parser.peek());
        }
        return root;
    }

    /** GitHub's message layout: {@code Description: 'token'. Located at position N within expression: text}. */
    static String located(String description, String token, int offset, String text) {
        return description + ": '" + token + "'. Located at position " + (offset + 1) + " within expression: " + text;
    }

    private ExpressionNode expression() {
        enter();
        try {
            return logicalOr();
        } finally {
            depth--;
        }
    }

    private ExpressionNode logicalOr() {
        return logical(LogicalOperator.OR, Token.Type.OR);
    }

    private ExpressionNode logical(LogicalOperator operator, Token.Type type) {
        ExpressionNode first = operator == LogicalOperator.OR ? logical(LogicalOperator.AND, Token.Type.AND) : equality();
        if (!check(type)) {
            return first;
        }
        // A chain of the same operator is one node, and counts once toward the depth limit.
        enter();
        try {
            int position = peek().start();
            List<ExpressionNode> operands = new ArrayList<>();
            operands.add(first);
            while (match(type)) {
                operands.add(operator == LogicalOperator.OR ? logical(LogicalOperator.AND, Token.Type.AND) : equality());
            }
            return new ExpressionNode.Logical(operator, operands, position);
        } finally {
            depth--;
        }
    }

    private ExpressionNode equality() {
        ExpressionNode left = comparison();
        while (check(Token.Type.EQUAL_EQUAL) || check(Token.Type.BANG_EQUAL)) {
            Token operator = advance();
            ComparisonOperator kind = operator.type() == Token.Type.EQUAL_EQUAL ? ComparisonOperator.EQUAL : ComparisonOperator.NOT_EQUAL;
            left = new ExpressionNode.Comparison(kind, left, comparison(), operator.start());
        }
        return left;
    }

    private ExpressionNode comparison() {
        ExpressionNode left = unary();
        while (true) {
            ComparisonOperator kind = switch (peek().type()) {
                case GREATER -> ComparisonOperator.GREATER;
                case GREATER_EQUAL -> ComparisonOperator.GREATER_OR_EQUAL;
                case LESS -> ComparisonOperator.LESS;
                case LESS_EQUAL -> ComparisonOperator.LESS_OR_EQUAL;
                default -> null;
            };
            if (kind == null) {
                return left;
            }
            Token operator = advance();
            left = new ExpressionNode.Comparison(kind, left, unary(), operator.start());
        }
    }

    private ExpressionNode unary() {
        if (check(Token.Type.BANG)) {
            Token bang = advance();
            enter();
            try {
                return new ExpressionNode.Not(unary(), bang.start());
            } finally {
                depth--;
            }
        }
        return index();
    }

    private ExpressionNode index() {
        ExpressionNode target = call();
        if (!(target instanceof ExpressionNode.Group || target instanceof ExpressionNode.FunctionCall
                || target instanceof ExpressionNode.NamedValue)) {
            return target;
        }
        int entered = 0;
        try {
            while (true) {
                if (check(Token.Type.LEFT_BRACKET)) {
                    Token bracket = advance();
                    ExpressionNode index;
                    if (check(Token.Type.STAR)) {
                        index = new ExpressionNode.Wildcard(advance().start());
                    } else {
                        index = expression();
                    }
                    consume(Token.Type.RIGHT_BRACKET);
                    enter();
                    entered++;
                    target = new ExpressionNode.Index(target, index, bracket.start());
                } else if (check(Token.Type.DOT)) {
                    Token dot = advance();
                    enter();
                    entered++;
                    if (check(Token.Type.IDENTIFIER)) {
                        Token property = advance();
                        target = new ExpressionNode.Index(target,
                                new ExpressionNode.Literal(ExpressionValue.of(property.lexeme()), property.start()), dot.start());
                    } else if (check(Token.Type.STAR)) {
                        target = new ExpressionNode.Index(target, new ExpressionNode.Wildcard(advance().start()), dot.start());
                    } else {
                        throw unexpected(peek());
                    }
                } else {
                    return target;
                }
            }
        } finally {
            depth -= entered;
        }
    }

    private ExpressionNode call() {
        if (!check(Token.Type.IDENTIFIER)) {
            return primary();
        }
        Token identifier = advance();
        if (!check(Token.Type.LEFT_PAREN)) {
            if (!scope.allowsNamedValue(identifier.lexeme())) {
                throw new ExpressionException(ExpressionException.Stage.PARSING,
                        located("Unrecognized named-value", identifier.lexeme(), identifier.start(), text));
            }
            return new ExpressionNode.NamedValue(identifier.lexeme(), identifier.start());
        }
        advance();
        int minimum;
        int maximum;
        BuiltInFunction builtIn = BuiltInFunction.find(identifier.lexeme());
        if (builtIn != null) {
            minimum = builtIn.minimumArguments();
            maximum = builtIn.maximumArguments();
        } else {
            FunctionSignature extra = scope.function(identifier.lexeme()).orElseThrow(() -> new ExpressionException(
                    ExpressionException.Stage.PARSING,
                    located("Unrecognized function", identifier.lexeme(), identifier.start(), text)));
            minimum = extra.minimumArguments();
            maximum = extra.maximumArguments();
        }
        List<ExpressionNode> arguments = new ArrayList<>();
        // GitHub accepts a trailing comma: f(a, b,) has two arguments.
        while (!match(Token.Type.RIGHT_PAREN)) {
            arguments.add(expression());
            if (!check(Token.Type.RIGHT_PAREN)) {
                consume(Token.Type.COMMA);
            }
        }
        if (arguments.size() < minimum) {
            throw parseError("Too few parameters supplied", identifier);
        }
        if (arguments.size() > maximum) {
            throw parseError("Too many parameters supplied", identifier);
        }
        if (builtIn == BuiltInFunction.CASE && arguments.size() % 2 == 0) {
            throw parseError("Even number of parameters supplied, requires an odd number of parameters", identifier);
        }
        return new ExpressionNode.FunctionCall(identifier.lexeme(), arguments, identifier.start());
    }

    private ExpressionNode primary() {
        Token token = peek();
        switch (token.type()) {
            case FALSE -> {
                advance();
                return new ExpressionNode.Literal(ExpressionValue.FALSE, token.start());
            }
            case TRUE -> {
                advance();
                return new ExpressionNode.Literal(ExpressionValue.TRUE, token.start());
            }
            case NULL -> {
                advance();
                return new ExpressionNode.Literal(ExpressionValue.NULL, token.start());
            }
            case NUMBER -> {
                advance();
                return new ExpressionNode.Literal(ExpressionValue.of(token.number()), token.start());
            }
            case STRING -> {
                advance();
                return new ExpressionNode.Literal(ExpressionValue.of(token.text()), token.start());
            }
            case LEFT_PAREN -> {
                advance();
                ExpressionNode inner = expression();
                consume(Token.Type.RIGHT_PAREN);
                return new ExpressionNode.Group(inner, token.start());
            }
            default -> throw unexpected(token);
        }
    }

    private void enter() {
        depth++;
        if (depth > Expression.MAXIMUM_DEPTH) {
            throw parseError("Exceeded max expression depth " + Expression.MAXIMUM_DEPTH, atEnd() ? previous() : peek());
        }
    }

    private void consume(Token.Type type) {
        if (!check(type)) {
            throw unexpected(peek());
        }
        advance();
    }

    /** At the end of the text GitHub names the last token read instead of the missing one. */
    private ExpressionException unexpected(Token token) {
        if (token.type() == Token.Type.END) {
            return parseError("Unexpected end of expression", previous());
        }
        return parseError("Unexpected symbol", token);
    }

    private ExpressionException parseError(String description, Token token) {
        return new ExpressionException(ExpressionException.Stage.PARSING, located(description, token.lexeme(), token.start(), text));
    }

    private boolean check(Token.Type type) {
        return peek().type() == type;
    }

    private boolean match(Token.Type type) {
        if (check(type) && type != Token.Type.END) {
            next++;
            return true;
        }
        return false;
    }

    private Token advance() {
        Token token = peek();
        if (token.type() != Token.Type.END) {
            next++;
        }
        return token;
    }

    private Token peek() {
        return tokens.get(next);
    }

    private Token previous() {
        return tokens.get(Math.max(0, next - 1));
    }

    private boolean atEnd() {
        return peek().type() == Token.Type.END;
    }
}
