package dev.gantry.workflow.expression;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits an expression into tokens the way GitHub's lexer does, including its quirks: a
 * {@code .} starts a number unless it follows something that can be indexed; keywords are
 * recognised in lower case only and not after a dot ({@code foo.true} is a property); an illegal
 * symbol is read up to the next boundary character and reported whole.
 */
final class Lexer {
    private final String text;
    private final List<Token> tokens = new ArrayList<>();
    private int start;
    private int offset;

    private Lexer(String text) {
        this.text = text;
    }

    static List<Token> tokenize(String text) {
        return new Lexer(text).run();
    }

    private List<Token> run() {
        while (offset < text.length()) {
            start = offset;
            char c = text.charAt(offset++);
            switch (c) {
                case '(' -> add(Token.Type.LEFT_PAREN);
                case ')' -> add(Token.Type.RIGHT_PAREN);
                case '[' -> add(Token.Type.LEFT_BRACKET);
                case ']' -> add(Token.Type.RIGHT_BRACKET);
                case ',' -> add(Token.Type.COMMA);
                case '*' -> add(Token.Type.STAR);
                case '.' -> {
                    Token.Type previous = previousType();
                    if (previous == Token.Type.IDENTIFIER || previous == Token.Type.RIGHT_BRACKET
                            || previous == Token.Type.RIGHT_PAREN || previous == Token.Type.STAR) {
                        add(Token.Type.DOT);
                    } else {
                        readNumber();
                    }
                }
                case '-', '+' -> readNumber();
                case '!' -> add(match('=') ? Token.Type.BANG_EQUAL : Token.Type.BANG);
                case '<' -> add(match('=') ? Token.Type.LESS_EQUAL : Token.Type.LESS);
                case '>' -> add(match('=') ? Token.Type.GREATER_EQUAL : Token.Type.GREATER);
                case '=' -> pair('=', Token.Type.EQUAL_EQUAL);
                case '&' -> pair('&', Token.Type.AND);
                case '|' -> pair('|', Token.Type.OR);
                case ' ', '\t', '\r', '\n' -> {
                    // Whitespace separates tokens.
                }
                case '\'' -> readString();
                default -> {
                    if (c >= '0' && c <= '9') {
                        readNumber();
                    } else {
                        readIdentifier();
                    }
                }
            }
        }
        tokens.add(Token.of(Token.Type.END, "", text.length()));
        return tokens;
    }

    /** {@code ==}, {@code &&}, {@code ||}; a single one is read on as an (illegal) identifier, as GitHub does. */
    private void pair(char second, Token.Type type) {
        if (match(second)) {
            add(type);
        } else {
            readIdentifier();
        }
    }

    private boolean match(char expected) {
        if (offset < text.length() && text.charAt(offset) == expected) {
            offset++;
            return true;
        }
        return false;
    }

    private Token.Type previousType() {
        return tokens.isEmpty() ? Token.Type.END : tokens.getLast().type();
    }

    private void add(Token.Type type) {
        tokens.add(Token.of(type, text.substring(start, offset), start));
    }

    private void readNumber() {
        while (offset < text.length() && (!isBoundary(text.charAt(offset)) || text.charAt(offset) == '.')) {
            offset++;
        }
        String lexeme = text.substring(start, offset);
        double value = JavaScriptNumbers.parse(lexeme);
        if (Double.isNaN(value)) {
            throw unexpectedSymbol(lexeme);
        }
        tokens.add(new Token(Token.Type.NUMBER, lexeme, start, value, null));
    }

    private void readString() {
        StringBuilder value = null;
        int segmentStart = offset;
        while (true) {
            int quote = text.indexOf('\'', offset);
            if (quote < 0) {
                throw unexpectedSymbol(text.substring(start));
            }
            if (quote + 1 < text.length() && text.charAt(quote + 1) == '\'') {
                // '' is an escaped quote.
                if (value == null) {
                    value = new StringBuilder();
                }
                value.append(text, segmentStart, quote + 1);
                offset = quote + 2;
                segmentStart = offset;
                continue;
            }
            offset = quote + 1;
            String content = value == null
                    ? text.substring(segmentStart, quote)
                    : value.append(text, segmentStart, quote).toString();
            tokens.add(new Token(Token.Type.STRING, text.substring(start, offset), start, 0, content));
            return;
        }
    }

    private void readIdentifier() {
        while (offset < text.length() && !isBoundary(text.charAt(offset))) {
            offset++;
        }
        String lexeme = text.substring(start, offset);
        Token.Type type = Token.Type.IDENTIFIER;
        double number = 0;
        if (previousType() != Token.Type.DOT) {
            switch (lexeme) {
                case "true" -> type = Token.Type.TRUE;
                case "false" -> type = Token.Type.FALSE;
                case "null" -> type = Token.Type.NULL;
                case "NaN" -> {
                    type = Token.Type.NUMBER;
                    number = Double.NaN;
                }
                case "Infinity" -> {
                    type = Token.Type.NUMBER;
                    number = Double.POSITIVE_INFINITY;
                }
                default -> {
                }
            }
        }
        if (!isLegalIdentifier(lexeme)) {
            throw unexpectedSymbol(lexeme);
        }
        tokens.add(new Token(type, lexeme, start, number, null));
    }

    private ExpressionException unexpectedSymbol(String lexeme) {
        return new ExpressionException(ExpressionException.Stage.LEXING,
                Parser.located("Unexpected symbol", lexeme, start, text));
    }

    private static boolean isBoundary(char c) {
        return switch (c) {
            case '(', '[', ')', ']', ',', '.', '!', '>', '<', '=', '&', '|' -> true;
            default -> JavaScriptNumbers.isJavaScriptWhitespace(c);
        };
    }

    /** A letter or {@code _}, then letters, digits, {@code _} and {@code -} (ASCII only). */
    static boolean isLegalIdentifier(String lexeme) {
        if (lexeme.isEmpty()) {
            return false;
        }
        char first = lexeme.charAt(0);
        if (!isAsciiLetter(first) && first != '_') {
            return false;
        }
        for (int i = 1; i < lexeme.length(); i++) {
            char c = lexeme.charAt(i);
            if (!isAsciiLetter(c) && !(c >= '0' && c <= '9') && c != '_' && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
