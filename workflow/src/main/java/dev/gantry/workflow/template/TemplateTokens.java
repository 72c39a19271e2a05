package dev.gantry.workflow.template;

import dev.gantry.workflow.expression.ExpressionValue;

/** Small helpers over tokens. */
public final class TemplateTokens {
    private TemplateTokens() {
    }

    /** A mapping entry's key as text. */
    public static String key(TemplateToken.Entry entry) {
        return literalText(entry.key());
    }

    /** {@code token} if it is a mapping. */
    public static java.util.Optional<TemplateToken.MappingToken> mapping(TemplateToken token) {
        return token instanceof TemplateToken.MappingToken mapping ? java.util.Optional.of(mapping) : java.util.Optional.empty();
    }

    /**
     * A literal's text as GitHub prints it in messages and uses it as a key: strings as they are,
     * numbers as JavaScript prints them, {@code true}/{@code false}, and null as empty.
     */
    public static String literalText(TemplateToken token) {
        return switch (token) {
            case TemplateToken.StringToken string -> string.value();
            case TemplateToken.NumberToken number -> ExpressionValue.toText(ExpressionValue.of(number.value()));
            case TemplateToken.BooleanToken bool -> bool.value() ? "true" : "false";
            case TemplateToken.NullToken ignored -> "";
            case TemplateToken.ExpressionToken expression -> "${{ " + expression.expression() + " }}";
            case TemplateToken.InsertToken ignored -> "${{ insert }}";
            case TemplateToken.SequenceToken ignored -> "Array";
            case TemplateToken.MappingToken ignored -> "Object";
        };
    }
}
