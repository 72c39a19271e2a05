package dev.gantry.workflow.expression;

/**
 * One token of an expression: its kind, its text as written, its offset, and for numbers and
 * strings the value read from it.
 */
record Token(Type type, String lexeme, int start, double number, String text) {

    enum Type {
        LEFT_PAREN, RIGHT_PAREN, LEFT_BRACKET, RIGHT_BRACKET, COMMA, DOT,
        BANG, BANG_EQUAL, EQUAL_EQUAL, GREATER, GREATER_EQUAL, LESS, LESS_EQUAL, AND, OR,
        STAR, NUMBER, STRING, IDENTIFIER, TRUE, FALSE, NULL, END
    }

    static Token of(Type type, String lexeme, int start) {
        return new Token(type, lexeme, start, 0, null);
    }
}
