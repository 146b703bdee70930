package dev.helyos.cli.script;

import dev.helyos.cli.CliException;
import java.util.List;
import java.util.Map;

/** The arguments of one script call, read by position with a clear error for a wrong type. */
public final class ScriptArgs {
    private final String function;
    private final List<?> values;

    ScriptArgs(String function, List<?> values) {
        this.function = function;
        this.values = values;
    }

    public String string(int index, String what) {
        if (get(index) instanceof String s) {
            return s;
        }
        throw wrong(index, what + " (a string)");
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> object(int index, String what) {
        if (get(index) instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw wrong(index, what);
    }

    /** The value at {@code index} as the script gave it (String, Number, Boolean, Map, List or null). */
    public Object value(int index) {
        return get(index);
    }

    /** The string at {@code index}, or null when it is missing, null or undefined. */
    public String optionalString(int index, String what) {
        Object value = get(index);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw wrong(index, what + " (a string, or nothing)");
    }

    /** The object at {@code index}, or an empty one when it is missing, null or undefined. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> optionalObject(int index, String what) {
        Object value = get(index);
        if (value == null) {
            return Map.of();
        }
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw wrong(index, what);
    }

    private Object get(int index) {
        return index < values.size() ? values.get(index) : null;
    }

    private CliException wrong(int index, String what) {
        return new CliException(function + ": argument " + (index + 1) + " must be " + what, null);
    }
}
