package dev.helyos.cli.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The TOML the CLI's config file uses: tables, dotted keys, basic and literal strings, booleans,
 * integers and comments. Written here rather than taken from a library because every command reads
 * this file at start-up: a TOML library on Jackson databind cost about 90 ms of class loading even
 * with an AOT cache, the whole start-up budget. Anything outside the subset is reported with its
 * line number, never guessed at.
 */
public final class Toml {
    private static final Pattern BARE_KEY = Pattern.compile("[A-Za-z0-9_-]+");

    private Toml() {
    }

    public static final class ParseException extends Exception {
        ParseException(int line, String message) {
            super("line " + line + ": " + message);
        }
    }

    /** Parses a document into nested maps (tables) of String, Boolean and Long values. */
    public static Map<String, Object> parse(String text) throws ParseException {
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> table = root;
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Cursor c = new Cursor(lines[i], i + 1);
            c.skipSpace();
            if (c.atEndOrComment()) {
                continue;
            }
            if (c.peek() == '[') {
                c.next();
                if (c.peek() == '[') {
                    throw c.error("arrays of tables are not supported here");
                }
                List<String> path = c.keyPath();
                c.skipSpace();
                c.expect(']');
                c.expectEnd();
                table = descend(root, path, c);
                continue;
            }
            List<String> key = c.keyPath();
            c.skipSpace();
            c.expect('=');
            c.skipSpace();
            Object value = c.value();
            c.expectEnd();
            Map<String, Object> target = descend(table, key.subList(0, key.size() - 1), c);
            String last = key.getLast();
            if (target.containsKey(last)) {
                throw c.error("duplicate key '" + String.join(".", key) + "'");
            }
            target.put(last, value);
        }
        return root;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> descend(Map<String, Object> from, List<String> path, Cursor c) throws ParseException {
        Map<String, Object> table = from;
        for (String part : path) {
            Object next = table.computeIfAbsent(part, k -> new LinkedHashMap<String, Object>());
            if (!(next instanceof Map)) {
                throw c.error("'" + part + "' is a value, not a table");
            }
            table = (Map<String, Object>) next;
        }
        return table;
    }

    /** Writes top-level values, then one {@code [a.b]} table per nested map (two levels deep). */
    @SuppressWarnings("unchecked")
    public static String write(Map<String, Object> doc) {
        StringBuilder out = new StringBuilder();
        List<Map.Entry<String, Object>> tables = new ArrayList<>();
        for (Map.Entry<String, Object> e : doc.entrySet()) {
            if (e.getValue() instanceof Map) {
                tables.add(e);
            } else if (e.getValue() != null) {
                out.append(key(e.getKey())).append(" = ").append(value(e.getValue())).append('\n');
            }
        }
        for (Map.Entry<String, Object> group : tables) {
            for (Map.Entry<String, Object> t : ((Map<String, Object>) group.getValue()).entrySet()) {
                if (!(t.getValue() instanceof Map)) {
                    continue;
                }
                out.append('\n').append('[').append(key(group.getKey())).append('.').append(key(t.getKey())).append("]\n");
                for (Map.Entry<String, Object> e : ((Map<String, Object>) t.getValue()).entrySet()) {
                    if (e.getValue() != null) {
                        out.append(key(e.getKey())).append(" = ").append(value(e.getValue())).append('\n');
                    }
                }
            }
        }
        return out.toString();
    }

    private static String key(String key) {
        return BARE_KEY.matcher(key).matches() ? key : quote(key);
    }

    private static String value(Object value) {
        return value instanceof Boolean || value instanceof Long || value instanceof Integer ? value.toString() : quote(value.toString());
    }

    private static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (ch < 0x20 || ch == 0x7f) {
                        out.append(String.format("\\u%04x", (int) ch));
                    } else {
                        out.append(ch);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static final class Cursor {
        private final String s;
        private final int line;
        private int pos;

        Cursor(String s, int line) {
            this.s = s;
            this.line = line;
        }

        char peek() {
            return pos < s.length() ? s.charAt(pos) : '\0';
        }

        char next() {
            return s.charAt(pos++);
        }

        void skipSpace() {
            while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t')) {
                pos++;
            }
        }

        boolean atEndOrComment() {
            return pos >= s.length() || s.charAt(pos) == '#';
        }

        void expect(char ch) throws ParseException {
            if (peek() != ch) {
                throw error("expected '" + ch + "'");
            }
            pos++;
        }

        void expectEnd() throws ParseException {
            skipSpace();
            if (!atEndOrComment()) {
                throw error("unexpected text after the value");
            }
        }

        List<String> keyPath() throws ParseException {
            List<String> parts = new ArrayList<>();
            while (true) {
                skipSpace();
                char ch = peek();
                if (ch == '"') {
                    pos++;
                    parts.add(basicString());
                } else if (ch == '\'') {
                    pos++;
                    parts.add(literalString());
                } else {
                    int start = pos;
                    while (pos < s.length() && BARE_KEY.matcher(String.valueOf(s.charAt(pos))).matches()) {
                        pos++;
                    }
                    if (start == pos) {
                        throw error("expected a key");
                    }
                    parts.add(s.substring(start, pos));
                }
                skipSpace();
                if (peek() != '.') {
                    return parts;
                }
                pos++;
            }
        }

        Object value() throws ParseException {
            char ch = peek();
            if (ch == '"') {
                if (s.startsWith("\"\"\"", pos)) {
                    throw error("multi-line strings are not supported here");
                }
                pos++;
                return basicString();
            }
            if (ch == '\'') {
                pos++;
                return literalString();
            }
            if (s.startsWith("true", pos)) {
                pos += 4;
                return Boolean.TRUE;
            }
            if (s.startsWith("false", pos)) {
                pos += 5;
                return Boolean.FALSE;
            }
            int start = pos;
            if (ch == '-' || ch == '+') {
                pos++;
            }
            while (pos < s.length() && (Character.isDigit(s.charAt(pos)) || s.charAt(pos) == '_')) {
                pos++;
            }
            try {
                return Long.parseLong(s.substring(start, pos).replace("_", ""));
            } catch (NumberFormatException e) {
                throw error("expected a string, boolean or integer value");
            }
        }

        private String basicString() throws ParseException {
            StringBuilder out = new StringBuilder();
            while (pos < s.length()) {
                char ch = next();
                if (ch == '"') {
                    return out.toString();
                }
                if (ch != '\\') {
                    out.append(ch);
                    continue;
                }
                if (pos >= s.length()) {
                    break;
                }
                char esc = next();
                switch (esc) {
                    case '"' -> out.append('"');
                    case '\\' -> out.append('\\');
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'u', 'U' -> {
                        int len = esc == 'u' ? 4 : 8;
                        if (pos + len > s.length()) {
                            throw error("short unicode escape");
                        }
                        try {
                            out.appendCodePoint(Integer.parseInt(s.substring(pos, pos + len), 16));
                        } catch (IllegalArgumentException e) {
                            throw error("bad unicode escape");
                        }
                        pos += len;
                    }
                    default -> throw error("unknown escape \\" + esc);
                }
            }
            throw error("unterminated string");
        }

        private String literalString() throws ParseException {
            int end = s.indexOf('\'', pos);
            if (end < 0) {
                throw error("unterminated string");
            }
            String value = s.substring(pos, end);
            pos = end + 1;
            return value;
        }

        ParseException error(String message) {
            return new ParseException(line, message);
        }
    }
}
