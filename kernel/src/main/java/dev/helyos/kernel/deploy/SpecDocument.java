package dev.helyos.kernel.deploy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.helyos.kernel.errors.Refused;
import java.io.IOException;
import java.util.Locale;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Spec text to a JSON tree, read token by token so that what a plain tree read lets through is a
 * 400 instead: duplicate keys (named with their path), YAML anchors and aliases (Jackson would turn
 * an alias into the anchor's name; rejecting them also ends billion-laughs documents at the first
 * anchor), more than one YAML document, and nesting deeper than any spec needs.
 */
final class SpecDocument {
    enum Format { JSON, YAML }

    static final int MAX_CHARS = 1024 * 1024;
    private static final int MAX_DEPTH = 16;

    private static final StreamReadConstraints LIMITS = StreamReadConstraints.builder()
            .maxNestingDepth(MAX_DEPTH + 1).maxDocumentLength(MAX_CHARS).maxStringLength(MAX_CHARS)
            .maxNumberLength(100).build();
    private static final JsonFactory JSON = JsonFactory.builder().streamReadConstraints(LIMITS).build();
    private static final YAMLFactory YAML = YAMLFactory.builder().streamReadConstraints(LIMITS)
            .loaderOptions(yamlLimits()).build();

    // YAML 1.1 reads 0755, 0x1F, 1_000, yes, on, True... as numbers and booleans; only the JSON
    // spellings are taken as such, anything else must be quoted, so no value silently changes.
    private static final Pattern PLAIN_INTEGER = Pattern.compile("-?(0|[1-9][0-9]*)");
    private static final Pattern PLAIN_FRACTION = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][-+]?[0-9]+)?");
    private static final Pattern PLAIN_BOOLEAN = Pattern.compile("true|false");

    private final Format format;
    private final JsonNodeFactory nodes = JsonNodeFactory.instance;

    private SpecDocument(Format format) {
        this.format = format;
    }

    /** YAML unless the content type says JSON, or there is none that says either and the text starts with '{' or '['. */
    static Format formatOf(String contentType, String text) {
        String type = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (type.equals("application/json") || type.endsWith("+json")) {
            return Format.JSON;
        }
        if (type.endsWith("/yaml") || type.endsWith("/x-yaml") || type.endsWith("+yaml")) {
            return Format.YAML;
        }
        String start = text.stripLeading();
        return start.startsWith("{") || start.startsWith("[") ? Format.JSON : Format.YAML;
    }

    /** The document's root value; null when it holds nothing (only whitespace or comments). */
    static JsonNode read(String text, Format format) {
        if (text.length() > MAX_CHARS) {
            throw Refused.malformed("deployment spec is larger than " + MAX_CHARS + " characters");
        }
        SpecDocument reader = new SpecDocument(format);
        try (JsonParser parser = (format == Format.JSON ? JSON : YAML).createParser(text)) {
            if (parser.nextToken() == null) {
                return null;
            }
            JsonNode root = reader.value(parser, "", 0);
            if (parser.nextToken() != null) {
                throw reader.error(parser, format == Format.YAML
                        ? "more than one YAML document; send one spec" : "unexpected content after the JSON object");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw reader.malformed(e);
        } catch (IOException e) {
            throw Refused.malformed("deployment spec could not be read: " + e.getMessage());
        }
    }

    private JsonNode value(JsonParser p, String path, int depth) throws IOException {
        if (p instanceof YAMLParser yaml && (yaml.isCurrentAlias() || yaml.getCurrentAnchor() != null)) {
            throw error(p, "YAML anchors and aliases (&, *) are not supported" + at(path));
        }
        if (depth > MAX_DEPTH) {
            throw error(p, "the document is nested more than " + MAX_DEPTH + " levels deep");
        }
        return switch (p.currentToken()) {
            case START_OBJECT -> {
                ObjectNode object = nodes.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    String child = path.isEmpty() ? name : path + "." + name;
                    if (object.has(name)) {
                        throw error(p, "duplicate key '" + SpecField.show(child) + "'");
                    }
                    p.nextToken();
                    object.set(name, value(p, child, depth + 1));
                }
                yield object;
            }
            case START_ARRAY -> {
                ArrayNode array = nodes.arrayNode();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    array.add(value(p, path + "[" + array.size() + "]", depth + 1));
                }
                yield array;
            }
            case VALUE_STRING -> nodes.textNode(p.getText());
            case VALUE_NUMBER_INT -> {
                plainInYaml(p, PLAIN_INTEGER, path, "a plain decimal number");
                yield p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? nodes.numberNode(p.getBigIntegerValue()) : nodes.numberNode(p.getLongValue());
            }
            case VALUE_NUMBER_FLOAT -> {
                plainInYaml(p, PLAIN_FRACTION, path, "a plain decimal number");
                yield nodes.numberNode(p.getDecimalValue());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                plainInYaml(p, PLAIN_BOOLEAN, path, "true or false");
                yield nodes.booleanNode(p.currentToken() == JsonToken.VALUE_TRUE);
            }
            case VALUE_NULL -> nodes.nullNode();
            default -> throw error(p, "unsupported YAML value (" + p.currentToken() + ")" + at(path));
        };
    }

    private void plainInYaml(JsonParser p, Pattern plain, String path, String spelling) throws IOException {
        if (format == Format.YAML && !plain.matcher(p.getText()).matches()) {
            throw Refused.invalid((path.isEmpty() ? "deployment spec" : path) + ": YAML reads " + SpecField.show(p.getText()) + " as "
                    + (p.currentToken().isBoolean() ? "a boolean" : "a number")
                    + "; quote it for a string, or write " + spelling);
        }
    }

    private static String at(String path) {
        return path.isEmpty() ? "" : " (at " + SpecField.show(path) + ")";
    }

    private Refused error(JsonParser p, String problem) {
        JsonLocation where = p.currentTokenLocation();
        return Refused.malformed("invalid " + format + " at line " + where.getLineNr() + ", column "
                + where.getColumnNr() + ": " + problem);
    }

    private Refused malformed(JsonProcessingException e) {
        String problem = e.getOriginalMessage();
        int line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
        int column = e.getLocation() == null ? -1 : e.getLocation().getColumnNr();
        if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
            Mark mark = yaml.getProblemMark();
            problem = yaml.getProblem();
            line = mark.getLine() + 1;
            column = mark.getColumn() + 1;
        }
        problem = problem == null ? "unreadable" : problem.lines().findFirst().orElse("").strip();
        if (problem.length() > 200) {
            problem = problem.substring(0, 197) + "...";
        }
        return Refused.malformed("malformed " + format + (line > 0 ? " at line " + line + ", column " + column : "")
                + ": " + problem);
    }

    private static LoaderOptions yamlLimits() {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(0);
        options.setNestingDepthLimit(MAX_DEPTH + 1);
        options.setCodePointLimit(MAX_CHARS);
        return options;
    }
}
