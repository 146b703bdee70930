package dev.helyos.kernel.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Set;

/**
 * A request's JSON object, read field by field with messages that name the field. Unknown fields
 * are rejected, so a typo ({@code ttl_sec}) is an error instead of being silently ignored.
 */
public final class JsonBody {
    private final ObjectNode node;

    public JsonBody(ObjectNode node) {
        this.node = node;
    }

    public JsonBody allowOnly(Set<String> fields) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!fields.contains(name)) {
                throw ApiException.badRequest("unknown field '" + ApiException.shorten(name) + "' (allowed: "
                        + String.join(", ", fields.stream().sorted().toList()) + ")");
            }
        }
        return this;
    }

    /** The string value of {@code field}, or null when absent or JSON null. */
    public String string(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw ApiException.unprocessable(field + " must be a string, got " + typeOf(value));
        }
        return value.textValue();
    }

    /** The boolean value of {@code field}, or null when absent or JSON null. */
    public Boolean bool(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isBoolean()) {
            throw ApiException.unprocessable(field + " must be true or false, got " + typeOf(value));
        }
        return value.booleanValue();
    }

    /** The integer value of {@code field}, or null when absent or JSON null. */
    public Long integer(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isIntegralNumber() && !value.canConvertToLong()) {
            throw ApiException.unprocessable(field + " must be an integer, got an out-of-range integer");
        }
        if (!value.isIntegralNumber()) {
            throw ApiException.unprocessable(field + " must be an integer, got " + typeOf(value));
        }
        return value.longValue();
    }

    private static String typeOf(JsonNode value) {
        return switch (value.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> value.isIntegralNumber() ? "an integer" : "a fractional number";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            default -> value.getNodeType().name().toLowerCase();
        };
    }
}
