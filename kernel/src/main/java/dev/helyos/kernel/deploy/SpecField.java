package dev.helyos.kernel.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helyos.kernel.errors.Refused;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One value of a spec document with its path ({@code volumes[0].mount}), read with the type the
 * field needs. Every error names the path: 422 for a wrong type or a broken rule, 400 for an
 * unknown field (as {@link dev.helyos.kernel.api.JsonBody} does). Absent and null are the same.
 */
final class SpecField {
    private final String path;
    private final JsonNode value;

    SpecField(String path, JsonNode value) {
        this.path = path;
        this.value = value == null || value.isNull() ? null : value;
    }

    String path() {
        return path;
    }

    boolean isAbsent() {
        return value == null;
    }

    SpecField field(String name) {
        return new SpecField(path.isEmpty() ? name : path + "." + name, value == null ? null : value.get(name));
    }

    /** Checks that this is an object (or absent) whose fields are all {@code allowed}. */
    SpecField object(Set<String> allowed) {
        if (value == null) {
            return this;
        }
        expect(value.isObject(), "an object");
        Iterator<String> names = value.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                String field = path.isEmpty() ? name : path + "." + name;
                throw Refused.malformed("unknown field '" + show(field) + "' (allowed: "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
        return this;
    }

    /** The elements of a list of at most {@code max}; empty when absent. */
    List<SpecField> list(int max) {
        if (value == null) {
            return List.of();
        }
        expect(value.isArray(), "a list");
        if (value.size() > max) {
            throw invalid("must have at most " + max + " entries, got " + value.size());
        }
        List<SpecField> elements = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            elements.add(new SpecField(path + "[" + i + "]", value.get(i)));
        }
        return elements;
    }

    /** The entries of an object used as a map of at most {@code max} keys; empty when absent. */
    Map<String, SpecField> entries(int max) {
        if (value == null) {
            return Map.of();
        }
        expect(value.isObject(), "an object");
        if (value.size() > max) {
            throw invalid("must have at most " + max + " entries, got " + value.size());
        }
        Map<String, SpecField> entries = new LinkedHashMap<>();
        value.fieldNames().forEachRemaining(name -> entries.put(name, field(name)));
        return entries;
    }

    /** The string, or null when absent. */
    String string() {
        if (value == null) {
            return null;
        }
        expect(value.isTextual(), "a string");
        return value.textValue();
    }

    /** The string; absent or empty is "{path} is required". */
    String requiredString() {
        String s = string();
        if (s == null || s.isEmpty()) {
            throw Refused.invalid(path + " is required");
        }
        return s;
    }

    /**
     * The integer, saturated to the long range so that a range check still rejects a number too
     * large for a long. Call only when present.
     */
    long integer() {
        expect(value.isIntegralNumber(), "an integer");
        if (value.canConvertToLong()) {
            return value.longValue();
        }
        return value.bigIntegerValue().signum() > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
    }

    boolean bool(boolean absent) {
        if (value == null) {
            return absent;
        }
        expect(value.isBoolean(), "a boolean");
        return value.booleanValue();
    }

    /** A number, integer or fractional. Call only when present. */
    double number() {
        expect(value.isNumber(), "a number");
        return value.doubleValue();
    }

    /** The value as written, for messages. */
    String text() {
        return value == null ? "" : show(value.asText());
    }

    JsonNode node() {
        return value;
    }

    /** Invalid: "{path} {rule}". */
    Refused invalid(String rule) {
        return Refused.invalid(path + " " + rule);
    }

    void expect(boolean ok, String type) {
        if (!ok) {
            throw invalid("must be " + type + ", got " + typeOf(value));
        }
    }

    static String typeOf(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> node.isIntegralNumber() ? "an integer" : "a fractional number";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "a list";
            case OBJECT -> "an object";
            default -> node.getNodeType().name().toLowerCase();
        };
    }

    /** User input echoed in a message: control characters escaped (no terminal tricks in the CLI), then shortened. */
    static String show(String value) {
        StringBuilder out = new StringBuilder();
        value.codePoints().forEach(c -> {
            switch (c) {
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> {
                    if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
                        out.append(String.format("\\u%04x", c));
                    } else {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return Refused.shorten(out.toString());
    }
}
