package dev.gantry.workflow.template;

import dev.gantry.workflow.expression.Expression;
import dev.gantry.workflow.expression.ExpressionException;
import dev.gantry.workflow.expression.ExpressionScope;
import dev.gantry.workflow.expression.FunctionSignature;
import dev.gantry.workflow.template.Definition.MappingDefinition;
import dev.gantry.workflow.template.Definition.SequenceDefinition;
import dev.gantry.workflow.template.Definition.StringDefinition;
import dev.gantry.workflow.template.TemplateToken.BooleanToken;
import dev.gantry.workflow.template.TemplateToken.Entry;
import dev.gantry.workflow.template.TemplateToken.ExpressionToken;
import dev.gantry.workflow.template.TemplateToken.InsertToken;
import dev.gantry.workflow.template.TemplateToken.MappingToken;
import dev.gantry.workflow.template.TemplateToken.NullToken;
import dev.gantry.workflow.template.TemplateToken.NumberToken;
import dev.gantry.workflow.template.TemplateToken.SequenceToken;
import dev.gantry.workflow.template.TemplateToken.StringToken;
import dev.gantry.workflow.template.YamlEvents.Literal;
import dev.gantry.workflow.template.YamlEvents.MappingEnd;
import dev.gantry.workflow.template.YamlEvents.MappingStart;
import dev.gantry.workflow.template.YamlEvents.SequenceEnd;
import dev.gantry.workflow.template.YamlEvents.SequenceStart;
import dev.gantry.workflow.template.YamlEvents.YamlEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks YAML events against the workflow schema and builds the token tree, as GitHub's template
 * reader does: unknown keys, wrong types, duplicate keys, missing required keys, and
 * expressions where the position allows none or uses a context it does not allow are errors
 * with GitHub's messages. Expressions are split out of strings ({@code a ${{ b }}} becomes
 * {@code format('a {0}', b)}). One instance reads one file.
 */
public final class TemplateReader {
    private static final String OPEN = "${{";
    private static final String CLOSE = "}}";
    private static final String INSERT = "insert";
    private static final Set<String> BACKGROUND_PROPERTIES = Set.of("background", "wait", "wait-all", "cancel");
    private static final Set<String> BACKGROUND_ONLY_PROPERTIES = Set.of("wait", "wait-all", "cancel");

    /** Reading limits and switches. */
    public record Options(int maximumDepth, int maximumEvents, boolean allowBackgroundSteps) {
    }

    /**
     * A definition at a position, with the contexts expressions there may use (inherited from
     * above). Children and the expression scope are made once per parse and reused: a workflow
     * asks for the same few hundred positions over and over. Not thread-safe; one parse owns it.
     */
    static final class DefinitionInfo {
        private final WorkflowSchema schema;
        private final Definition definition;
        private final List<String> allowedContext;
        private final Map<String, DefinitionInfo> children = new HashMap<>();
        private ExpressionScope scope;

        private DefinitionInfo(WorkflowSchema schema, Definition definition, List<String> allowedContext) {
            this.schema = schema;
            this.definition = definition;
            this.allowedContext = allowedContext;
        }

        static DefinitionInfo root(WorkflowSchema schema, String name) {
            Definition definition = schema.definition(name);
            return new DefinitionInfo(schema, definition, definition.context());
        }

        Definition definition() {
            return definition;
        }

        List<String> allowedContext() {
            return allowedContext;
        }

        ExpressionScope scope() {
            if (scope == null) {
                scope = scopeOf(allowedContext);
            }
            return scope;
        }

        DefinitionInfo child(String name) {
            DefinitionInfo child = children.get(name);
            if (child == null) {
                child = makeChild(schema.definition(name));
                children.put(name, child);
            }
            return child;
        }

        private DefinitionInfo makeChild(Definition child) {
            if (child.context().isEmpty()) {
                return new DefinitionInfo(schema, child, allowedContext);
            }
            Set<String> seen = new HashSet<>();
            List<String> merged = new ArrayList<>();
            for (String context : allowedContext) {
                if (seen.add(context.toUpperCase(Locale.ROOT))) {
                    merged.add(context);
                }
            }
            for (String context : child.context()) {
                if (seen.add(context.toUpperCase(Locale.ROOT))) {
                    merged.add(context);
                }
            }
            return new DefinitionInfo(schema, child, List.copyOf(merged));
        }
    }

    private final WorkflowSchema schema;
    private final TemplateErrors errors;
    private final Options options;
    private final int fileId;
    private List<YamlEvent> events;
    private int next;

    private TemplateReader(WorkflowSchema schema, TemplateErrors errors, Options options, int fileId) {
        this.schema = schema;
        this.errors = errors;
        this.options = options;
        this.fileId = fileId;
    }

    /**
     * Reads {@code text} (already registered as {@code fileId} in {@code errors}) as a
     * {@code workflow-root} and returns the tree, or null when YAML itself failed or a limit was hit (the error is recorded).
     */
    public static TemplateToken readWorkflow(String text, int fileId, TemplateErrors errors, Options options) {
        return new TemplateReader(WorkflowSchema.WORKFLOW, errors, options, fileId).read(text, "workflow-root-strict");
    }

    /** The allowed contexts of a schema definition, e.g. {@code job-if}. */
    public static List<String> contextOf(String definition) {
        return WorkflowSchema.WORKFLOW.definition(definition).context();
    }

    /** The expression scope for a list of schema contexts ({@code github}, {@code hashFiles(1,255)} …). */
    public static ExpressionScope scopeOf(List<String> allowedContext) {
        Set<String> namedValues = new LinkedHashSet<>();
        List<FunctionSignature> functions = new ArrayList<>();
        for (String context : allowedContext) {
            int open = context.indexOf('(');
            if (open < 0) {
                namedValues.add(context);
                continue;
            }
            String[] arity = context.substring(open + 1, context.length() - 1).split(",");
            int minimum = Integer.parseInt(arity[0].strip());
            int maximum = arity[1].strip().equals("MAX") ? Integer.MAX_VALUE : Integer.parseInt(arity[1].strip());
            functions.add(new FunctionSignature(context.substring(0, open), minimum, maximum));
        }
        return new ExpressionScope(namedValues, functions);
    }

    private TemplateToken read(String text, String type) {
        try {
            events = YamlEvents.read(text, fileId, options.maximumDepth(), options.maximumEvents());
        } catch (YamlEvents.YamlProblem problem) {
            if (problem.position() == null) {
                errors.addToFile(fileId, problem.getMessage());
            } else {
                errors.add(problem.position(), problem.getMessage());
            }
            return null;
        }
        if (events.isEmpty()) {
            // An empty file is a null document.
            events = List.of(new Literal(new NullToken(new SourcePosition(fileId, 1, 1))));
        }
        return readValue(DefinitionInfo.root(schema, type));
    }

    private YamlEvent peek() {
        return next < events.size() ? events.get(next) : null;
    }

    private TemplateToken readValue(DefinitionInfo definition) {
        YamlEvent event = events.get(next++);
        switch (event) {
            case Literal literal -> {
                return validate(parseScalar(literal.token(), definition), definition);
            }
            case SequenceStart start -> {
                List<SequenceDefinition> sequences = schema.sequenceDefinitions(definition.definition());
                List<TemplateToken> items = new ArrayList<>();
                if (!sequences.isEmpty()) {
                    DefinitionInfo itemDefinition = definition.child(sequences.getFirst().itemType());
                    while (!(peek() instanceof SequenceEnd)) {
                        items.add(readValue(itemDefinition));
                    }
                } else {
                    errors.add(start.position(), "A sequence was not expected");
                    while (!(peek() instanceof SequenceEnd)) {
                        skipValue();
                    }
                }
                next++;
                return new SequenceToken(start.position(), items);
            }
            case MappingStart start -> {
                List<MappingDefinition> mappings = new ArrayList<>(schema.mappingDefinitions(definition.definition()));
                List<Entry> entries = new ArrayList<>();
                if (mappings.isEmpty()) {
                    errors.add(start.position(), "A mapping was not expected");
                    while (!(peek() instanceof MappingEnd)) {
                        skipValue();
                        skipValue();
                    }
                } else if (mappings.size() > 1 || !mappings.getFirst().properties().isEmpty() || mappings.getFirst().looseKeyType() == null) {
                    readWellKnownProperties(definition, mappings, start.position(), entries);
                } else {
                    readLooseProperties(definition, mappings.getFirst(), entries);
                }
                next++;
                return new MappingToken(start.position(), entries);
            }
            default -> throw new IllegalStateException("Expected a scalar value, a sequence, or a mapping");
        }
    }

    private void readWellKnownProperties(DefinitionInfo definition, List<MappingDefinition> mappings, SourcePosition position,
                                         List<Entry> entries) {
        String looseKeyType = mappings.getFirst().looseKeyType();
        String looseValueType = mappings.getFirst().looseValueType();
        Set<String> seenKeys = new HashSet<>();
        boolean hasExpressionKey = false;
        while (peek() instanceof Literal literal) {
            next++;
            TemplateToken keyScalar = parseScalar(literal.token(), definition);
            hasExpressionKey |= keyScalar.isExpression();
            StringToken key = readKey(keyScalar, definition, definition.child(WorkflowSchema.ANY), seenKeys, entries);
            if (key == null) {
                continue;
            }
            Definition.Property property = matchPropertyAndFilter(mappings, key.value());
            if (property != null) {
                if (!options.allowBackgroundSteps() && BACKGROUND_PROPERTIES.contains(key.value())) {
                    errors.add(key, "Unexpected value '" + key.value() + "'");
                    skipValue();
                    continue;
                }
                entries.add(new Entry(key, readValue(definition.child(property.type()))));
                continue;
            }
            if (looseKeyType != null) {
                validate(key, definition.child(looseKeyType));
                entries.add(new Entry(key, readValue(definition.child(looseValueType))));
                continue;
            }
            errors.add(key, "Unexpected value '" + key.value() + "'");
            skipValue();
        }

        if (mappings.size() > 1) {
            Map<String, Integer> hits = new HashMap<>();
            for (MappingDefinition mapping : mappings) {
                for (String name : mapping.properties().keySet()) {
                    hits.merge(name, 1, Integer::sum);
                }
            }
            Set<String> distinct = new TreeSet<>();
            hits.forEach((name, count) -> {
                if (count == 1 && (options.allowBackgroundSteps() || !BACKGROUND_ONLY_PROPERTIES.contains(name))) {
                    distinct.add(name);
                }
            });
            errors.add(position, "There's not enough info to determine what you meant. Add one of these properties: "
                    + String.join(", ", distinct));
        } else if (!hasExpressionKey) {
            // Required properties in the schema file's order, as GitHub lists them.
            for (Map.Entry<String, Definition.Property> property : mappings.getFirst().properties().entrySet()) {
                if (property.getValue().required() && !seenKeys.contains(property.getKey().toUpperCase(Locale.ROOT))) {
                    errors.add(position, "Required property is missing: " + property.getKey());
                }
            }
        }
    }


    /**
     * The property {@code name} of any of {@code mappings}; when only some define it, the others
     * are dropped (the key tells which alternative the author meant).
     */
    private static Definition.Property matchPropertyAndFilter(List<MappingDefinition> mappings, String name) {
        Definition.Property result = null;
        boolean missingInSome = false;
        for (MappingDefinition mapping : mappings) {
            Definition.Property property = mapping.properties().get(name);
            if (property != null) {
                result = property;
            } else {
                missingInSome = true;
            }
        }
        if (result != null && missingInSome) {
            mappings.removeIf(mapping -> !mapping.properties().containsKey(name));
        }
        return result;
    }

    private void readLooseProperties(DefinitionInfo definition, MappingDefinition mapping, List<Entry> entries) {
        DefinitionInfo keyDefinition = definition.child(mapping.looseKeyType());
        DefinitionInfo valueDefinition = definition.child(mapping.looseValueType());
        Set<String> seenKeys = new HashSet<>();
        while (peek() instanceof Literal literal) {
            next++;
            StringToken key = readKey(parseScalar(literal.token(), definition), definition, valueDefinition, seenKeys, entries);
            if (key == null) {
                continue;
            }
            validate(key, keyDefinition);
            entries.add(new Entry(key, readValue(valueDefinition)));
        }
    }

    /**
     * The first steps with a mapping key: an expression key (where expressions are allowed) is
     * read with its value as {@code expressionValue}; a key already seen (case-insensitively) is
     * an error and its value skipped. Returns the key as a string when the caller is to handle
     * it, or null when it has been handled here.
     */
    private StringToken readKey(TemplateToken keyScalar, DefinitionInfo definition, DefinitionInfo expressionValue,
                                Set<String> seenKeys, List<Entry> entries) {
        if (keyScalar.isExpression()) {
            if (!definition.allowedContext().isEmpty()) {
                entries.add(new Entry(keyScalar, readValue(expressionValue)));
            } else {
                errors.add(keyScalar, "A template expression is not allowed in this context");
                skipValue();
            }
            return null;
        }
        StringToken key = asStringKey(keyScalar);
        if (!key.value().isEmpty() && !seenKeys.add(key.value().toUpperCase(Locale.ROOT))) {
            errors.add(key, "'" + key.value() + "' is already defined");
            skipValue();
            return null;
        }
        return key;
    }

    private static StringToken asStringKey(TemplateToken scalar) {
        return scalar instanceof StringToken string ? string : new StringToken(scalar.position(), TemplateTokens.literalText(scalar));
    }

    private void skipValue() {
        YamlEvent event = events.get(next++);
        if (event instanceof SequenceStart) {
            while (!(peek() instanceof SequenceEnd)) {
                skipValue();
            }
            next++;
        } else if (event instanceof MappingStart) {
            while (!(peek() instanceof MappingEnd)) {
                skipValue();
                skipValue();
            }
            next++;
        }
    }

    private TemplateToken validate(TemplateToken scalar, DefinitionInfo definition) {
        if (scalar instanceof ExpressionToken) {
            if (definition.allowedContext().isEmpty()) {
                errors.add(scalar, "A template expression is not allowed in this context");
            }
            return scalar;
        }
        if (scalar instanceof InsertToken) {
            errors.add(scalar, "Unexpected value '${{ insert }}'");
            return scalar;
        }
        List<Definition> scalars = schema.scalarDefinitions(definition.definition());
        if (matchesAny(scalars, scalar)) {
            return scalar;
        }
        if (!(scalar instanceof StringToken)) {
            StringToken asString = new StringToken(scalar.position(), TemplateTokens.literalText(scalar));
            if (matchesAny(scalars, asString)) {
                return asString;
            }
        }
        errors.add(scalar, "Unexpected value '" + TemplateTokens.literalText(scalar) + "'");
        return scalar;
    }

    private static boolean matchesAny(List<Definition> definitions, TemplateToken literal) {
        for (Definition definition : definitions) {
            if (matches(definition, literal)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(Definition definition, TemplateToken literal) {
        return switch (definition) {
            case Definition.NullDefinition ignored -> literal instanceof NullToken;
            case Definition.BooleanDefinition ignored -> literal instanceof BooleanToken;
            case Definition.NumberDefinition ignored -> literal instanceof NumberToken;
            case StringDefinition string -> literal instanceof StringToken value && string.matches(value.value());
            default -> false;
        };
    }

    /** Splits expressions out of a string literal; other literals are returned as they are. */
    private TemplateToken parseScalar(TemplateToken token, DefinitionInfo definition) {
        if (!(token instanceof StringToken string) || string.value().isEmpty()) {
            return token;
        }
        String raw = string.value();
        int start = raw.indexOf(OPEN);
        if (start < 0) {
            return token;
        }
        List<Object> segments = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        boolean failed = false;
        int i = 0;
        while (i < raw.length()) {
            if (i == start) {
                int end = -1;
                boolean inString = false;
                for (i += OPEN.length(); i < raw.length(); i++) {
                    char c = raw.charAt(i);
                    if (c == '\'') {
                        inString = !inString;
                    } else if (!inString && c == '}' && raw.charAt(i - 1) == '}') {
                        end = i;
                        i++;
                        break;
                    }
                }
                if (end < 0) {
                    errors.add(token, "The expression is not closed. An unescaped ${{ sequence was found, but the closing }} sequence was not found.");
                    return token;
                }
                String expression = raw.substring(start + OPEN.length(), end + 1 - CLOSE.length());
                TemplateToken parsed = parseExpression(string, expression, definition);
                if (parsed == null) {
                    failed = true;
                } else {
                    if (parsed instanceof InsertToken && (start != 0 || i < raw.length())) {
                        errors.add(token, "The directive 'insert' is not allowed in this context. Directives are not supported for "
                                + "expressions that are embedded within a string. Directives are only supported when the entire value is an expression.");
                        return token;
                    }
                    if (!text.isEmpty()) {
                        segments.add(text.toString());
                        text.setLength(0);
                    }
                    segments.add(parsed);
                }
                start = raw.indexOf(OPEN, i);
            } else if (start >= 0 && i < start) {
                text.append(raw, i, start);
                i = start;
            } else {
                text.append(raw, i, raw.length());
                break;
            }
        }
        if (!text.isEmpty()) {
            segments.add(text.toString());
        }
        if (failed) {
            return token;
        }
        if (segments.size() == 1 && segments.getFirst() instanceof ExpressionToken only) {
            String literal = singleQuotedLiteral(only.expression());
            if (literal != null) {
                // ${{ 'text' }} is just the text.
                return new StringToken(token.position(), literal);
            }
            return new ExpressionToken(token.position(), only.expression(), raw);
        }
        if (segments.size() == 1 && segments.getFirst() instanceof InsertToken insert) {
            return insert;
        }
        StringBuilder format = new StringBuilder("format('");
        StringBuilder arguments = new StringBuilder();
        int argument = 0;
        for (Object segment : segments) {
            if (segment instanceof String literal) {
                format.append(literal.replace("'", "''").replace("{", "{{").replace("}", "}}"));
            } else if (segment instanceof ExpressionToken expression) {
                format.append('{').append(argument++).append('}');
                arguments.append(", ").append(expression.expression());
            }
        }
        format.append('\'').append(arguments).append(')');
        return new ExpressionToken(token.position(), format.toString(), raw);
    }

    private TemplateToken parseExpression(StringToken token, String body, DefinitionInfo definition) {
        String trimmed = trimSpaces(body);
        if (trimmed.isEmpty()) {
            errors.add(token, "An expression was expected");
            return null;
        }
        if (trimmed.startsWith(INSERT) && (trimmed.length() == INSERT.length() || Character.isWhitespace(trimmed.charAt(INSERT.length())))) {
            if (!trimmed.equals(INSERT)) {
                errors.add(token, "Exactly 0 parameter(s) were expected following the directive 'insert'. Actual parameter count: "
                        + trimmed.substring(INSERT.length()).strip().split("\\s+").length);
                return null;
            }
            return new InsertToken(token.position());
        }
        try {
            Expression.parse(trimmed, definition.scope());
        } catch (ExpressionException e) {
            errors.add(token, e.getMessage());
            return null;
        }
        return new ExpressionToken(token.position(), trimmed, token.value());
    }

    /**
     * {@code text} without leading and trailing white space as GitHub trims it, which includes
     * Unicode spaces such as the no-break space that editors slip in ({@link String#strip} keeps it).
     */
    private static String trimSpaces(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && isSpace(text.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(start, end);
    }

    private static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    /** The text of an expression that is only a string literal ({@code 'a''b'} is {@code a'b}), or null. */
    private static String singleQuotedLiteral(String expression) {
        StringBuilder result = new StringBuilder();
        boolean inString = false;
        for (int i = 0; i < expression.length(); i++) {
            char c = expression.charAt(i);
            if (c == '\'') {
                inString = !inString;
                if (inString && i != 0) {
                    result.append(c);
                }
            } else if (!inString) {
                return null;
            } else {
                result.append(c);
            }
        }
        return result.toString();
    }
}
