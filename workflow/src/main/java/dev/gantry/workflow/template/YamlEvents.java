package dev.gantry.workflow.template;

import dev.gantry.workflow.template.TemplateToken.BooleanToken;
import dev.gantry.workflow.template.TemplateToken.NullToken;
import dev.gantry.workflow.template.TemplateToken.NumberToken;
import dev.gantry.workflow.template.TemplateToken.StringToken;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.DocumentStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.MappingEndEvent;
import org.snakeyaml.engine.v2.events.MappingStartEvent;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.events.SequenceEndEvent;
import org.snakeyaml.engine.v2.events.SequenceStartEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Reads YAML text into a flat list of events (literal, start and end of sequences and mappings)
 * with positions, typing plain scalars by YAML 1.2's core schema as GitHub does ({@code on},
 * {@code yes} and {@code 0755} are a string, a string and the number 755). Anchors, aliases and
 * tags other than the core ones are refused with GitHub's messages: GitHub does not support
 * anchors, which also rules out "billion laughs" alias bombs.
 */
final class YamlEvents {
    private static final String TAG_PREFIX = "tag:yaml.org,2002:";
    private static final Pattern DECIMAL = Pattern.compile("[-+]?[0-9]+");
    private static final Pattern OCTAL = Pattern.compile("0o[0-7]+");
    private static final Pattern HEXADECIMAL = Pattern.compile("0x[0-9a-fA-F]+");
    private static final Pattern FLOAT = Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");
    private static final Pattern INFINITY = Pattern.compile("[-+]?\\.(inf|Inf|INF)");
    private static final Pattern NOT_A_NUMBER = Pattern.compile("\\.(nan|NaN|NAN)");

    /**
     * The file size is checked before YAML is read, and duplicate keys are the template reader's
     * to report (with GitHub's message). Immutable.
     */
    private static final LoadSettings SETTINGS = LoadSettings.builder()
            .setCodePointLimit(Integer.MAX_VALUE)
            .setMaxAliasesForCollections(0)
            .setAllowDuplicateKeys(true)
            .build();

    /** What the template reader consumes. */
    sealed interface YamlEvent {
    }

    record Literal(TemplateToken token) implements YamlEvent {
    }

    record SequenceStart(SourcePosition position) implements YamlEvent {
    }

    record SequenceEnd() implements YamlEvent {
    }

    record MappingStart(SourcePosition position) implements YamlEvent {
    }

    record MappingEnd() implements YamlEvent {
    }

    /** A YAML problem that stops reading; {@code position} is null when GitHub gives none. */
    static final class YamlProblem extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient SourcePosition position;

        YamlProblem(SourcePosition position, String message) {
            super(message, null, false, false);
            this.position = position;
        }

        SourcePosition position() {
            return position;
        }
    }

    private YamlEvents() {
    }

    /**
     * The events of the first document of {@code text}.
     *
     * @throws YamlProblem for invalid YAML, anchors, aliases, unsupported tags, nesting deeper
     *     than {@code maximumDepth} or more than {@code maximumEvents} events (checked as the
     *     events stream in, so a hostile file is refused early)
     */
    static List<YamlEvent> read(String text, int fileId, int maximumDepth, int maximumEvents) throws YamlProblem {
        List<YamlEvent> events = new ArrayList<>();
        boolean inDocument = false;
        int depth = 0;
        try {
            for (Event event : new Parse(SETTINGS).parseString(text)) {
                if (events.size() > maximumEvents) {
                    throw new YamlProblem(null, "Maximum object size exceeded");
                }
                if (event instanceof DocumentStartEvent) {
                    if (inDocument || !events.isEmpty()) {
                        break;
                    }
                    inDocument = true;
                    continue;
                }
                if (event instanceof AliasEvent alias) {
                    throw new YamlProblem(null, "Anchors are not currently supported. Remove the anchor '"
                            + alias.getAlias().getValue() + "'");
                }
                if (event instanceof NodeEvent node && node.getAnchor().isPresent()) {
                    throw new YamlProblem(null, "Anchors are not currently supported. Remove the anchor '"
                            + node.getAnchor().get().getValue() + "'");
                }
                switch (event) {
                    case ScalarEvent scalar -> events.add(new Literal(literal(scalar, fileId)));
                    case SequenceStartEvent start -> {
                        checkCollectionTag(start, "seq");
                        depth = deeper(depth, maximumDepth);
                        events.add(new SequenceStart(position(start.getStartMark(), fileId)));
                    }
                    case SequenceEndEvent ignored -> {
                        depth--;
                        events.add(new SequenceEnd());
                    }
                    case MappingStartEvent start -> {
                        checkCollectionTag(start, "map");
                        depth = deeper(depth, maximumDepth);
                        events.add(new MappingStart(position(start.getStartMark(), fileId)));
                    }
                    case MappingEndEvent ignored -> {
                        depth--;
                        events.add(new MappingEnd());
                    }
                    default -> {
                        if (event.getEventId() == Event.ID.DocumentEnd && inDocument) {
                            return events;
                        }
                    }
                }
            }
        } catch (MarkedYamlEngineException e) {
            Optional<Mark> mark = e.getProblemMark();
            throw new YamlProblem(mark.map(m -> new SourcePosition(fileId, m.getLine() + 1, m.getColumn() + 1)).orElse(null),
                    capitalize(e.getProblem()));
        } catch (YamlEngineException e) {
            throw new YamlProblem(null, e.getMessage());
        }
        return events;
    }

    private static int deeper(int depth, int maximumDepth) throws YamlProblem {
        if (depth + 1 > maximumDepth) {
            throw new YamlProblem(null, "Maximum object depth exceeded");
        }
        return depth + 1;
    }

    private static void checkCollectionTag(CollectionStartEvent event, String expected) throws YamlProblem {
        Optional<String> tag = event.getTag();
        if (tag.isPresent() && !tag.get().equals(TAG_PREFIX + expected)) {
            throw new YamlProblem(null, "Unexpected tag '" + tag.get() + "'");
        }
    }

    private static TemplateToken literal(ScalarEvent scalar, int fileId) throws YamlProblem {
        SourcePosition position = position(scalar.getStartMark(), fileId);
        String value = scalar.getValue();
        Optional<String> tag = scalar.getTag().filter(t -> !t.equals("!"));
        if (tag.isEmpty()) {
            if (scalar.getScalarStyle() != ScalarStyle.PLAIN) {
                return new StringToken(position, value);
            }
            TemplateToken typed = coreSchema(value, position);
            return typed != null ? typed : new StringToken(position, value);
        }
        String name = tag.get();
        if (!name.startsWith(TAG_PREFIX)) {
            throw new YamlProblem(null, "Unexpected tag '" + name + "'");
        }
        String type = name.substring(TAG_PREFIX.length());
        if (type.equals("str")) {
            return new StringToken(position, value);
        }
        if (!type.equals("null") && !type.equals("bool") && !type.equals("int") && !type.equals("float")) {
            throw new YamlProblem(null, "Unexpected tag '" + name + "'");
        }
        if (scalar.getScalarStyle() != ScalarStyle.PLAIN) {
            throw new YamlProblem(null, "The scalar style '" + styleName(scalar.getScalarStyle()) + "' on line "
                    + position.line() + " and column " + position.column() + " is not valid with the tag '" + name + "'");
        }
        TemplateToken typed = coreSchema(value, position);
        boolean fits = switch (type) {
            case "null" -> typed instanceof NullToken;
            case "bool" -> typed instanceof BooleanToken;
            case "int" -> typed instanceof NumberToken && isInteger(value);
            default -> typed instanceof NumberToken;
        };
        if (!fits) {
            throw new YamlProblem(null, "The value '" + value + "' on line " + position.line() + " and column "
                    + position.column() + " is invalid for the type '" + name + "'");
        }
        return typed;
    }

    private static boolean isInteger(String value) {
        return DECIMAL.matcher(value).matches() || OCTAL.matcher(value).matches() || HEXADECIMAL.matcher(value).matches();
    }

    /** The core schema's type for a plain scalar, or null for a string. */
    private static TemplateToken coreSchema(String value, SourcePosition position) {
        switch (value) {
            case "", "~", "null", "Null", "NULL" -> {
                return new NullToken(position);
            }
            case "true", "True", "TRUE" -> {
                return new BooleanToken(position, true);
            }
            case "false", "False", "FALSE" -> {
                return new BooleanToken(position, false);
            }
            default -> {
            }
        }
        char first = value.charAt(0);
        if (!(first >= '0' && first <= '9') && first != '-' && first != '+' && first != '.') {
            return null;
        }
        if (DECIMAL.matcher(value).matches() || FLOAT.matcher(value).matches()) {
            return new NumberToken(position, Double.parseDouble(value));
        }
        if (OCTAL.matcher(value).matches()) {
            return new NumberToken(position, (double) Long.parseLong(value.substring(2), 8));
        }
        if (HEXADECIMAL.matcher(value).matches()) {
            return new NumberToken(position, new java.math.BigInteger(value.substring(2), 16).doubleValue());
        }
        if (INFINITY.matcher(value).matches()) {
            return new NumberToken(position, value.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
        }
        if (NOT_A_NUMBER.matcher(value).matches()) {
            return new NumberToken(position, Double.NaN);
        }
        return null;
    }

    private static String styleName(ScalarStyle style) {
        return switch (style) {
            case DOUBLE_QUOTED -> "DoubleQuoted";
            case SINGLE_QUOTED -> "SingleQuoted";
            case LITERAL -> "Literal";
            case FOLDED -> "Folded";
            default -> "Plain";
        };
    }

    private static SourcePosition position(Optional<Mark> mark, int fileId) {
        return mark.map(m -> new SourcePosition(fileId, m.getLine() + 1, m.getColumn() + 1)).orElse(null);
    }

    private static String capitalize(String text) {
        if (text == null || text.isEmpty()) {
            return "Invalid YAML";
        }
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
