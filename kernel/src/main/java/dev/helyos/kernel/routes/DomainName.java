package dev.helyos.kernel.routes;

import java.net.IDN;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A host name a route can serve: RFC 1123 labels in lowercase ASCII, internationalized names as
 * punycode ({@code bücher.example} becomes {@code xn--bcher-kva.example}). Upper case is folded to
 * lower case and one trailing dot is dropped, since DNS treats those spellings as the same name.
 * Anything that could break out of generated proxy config (whitespace, quotes, braces, semicolons,
 * slashes, ports) is rejected before it gets near a file.
 */
public final class DomainName {
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");
    private static final Pattern NUMERIC = Pattern.compile("[0-9]+");

    private final String ascii;

    private DomainName(String ascii) {
        this.ascii = ascii;
    }

    /** A domain name without wildcards; the exception's message says what is wrong with it. */
    public static DomainName parse(String input) {
        return parse(input, false);
    }

    /** Also accepts one leading {@code *.} label, for issuers that can certify wildcards. */
    public static DomainName parseAllowingWildcard(String input) {
        return parse(input, true);
    }

    /** The name as a person would read it, IDN labels decoded. */
    public String unicode() {
        return IDN.toUnicode(ascii);
    }

    /** The name in lowercase ASCII, as used in DNS, certificates and proxy config. */
    public String ascii() {
        return ascii;
    }

    public boolean isWildcard() {
        return ascii.startsWith("*.");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DomainName other && ascii.equals(other.ascii);
    }

    @Override
    public int hashCode() {
        return ascii.hashCode();
    }

    @Override
    public String toString() {
        return ascii;
    }

    private static DomainName parse(String input, boolean allowWildcard) {
        String name = input;
        String prefix = "";
        if (allowWildcard && name.startsWith("*.")) {
            prefix = "*.";
            name = name.substring(2);
        }
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (name.isEmpty()) {
            throw new IllegalArgumentException("it is empty");
        }
        name.codePoints().filter(c -> !allowedBeforeIdn(c)).findFirst().ifPresent(c -> {
            throw new IllegalArgumentException(describe(c) + " is not allowed");
        });
        String[] labels = name.split("\\.", -1);
        for (int i = 0; i < labels.length; i++) {
            labels[i] = asciiLabel(labels[i]);
        }
        String ascii = String.join(".", labels);
        if (ascii.length() + prefix.length() > 253) {
            throw new IllegalArgumentException("it is longer than 253 characters");
        }
        if (labels.length < 2) {
            throw new IllegalArgumentException("it needs at least two labels");
        }
        if (NUMERIC.matcher(labels[labels.length - 1]).matches()) {
            throw new IllegalArgumentException("an IP address is not a domain name");
        }
        return new DomainName(prefix + ascii);
    }

    private static String asciiLabel(String label) {
        if (label.isEmpty()) {
            throw new IllegalArgumentException("it has an empty label");
        }
        String ascii = label.toLowerCase(Locale.ROOT);
        if (!ascii.chars().allMatch(c -> c < 128)) {
            try {
                ascii = IDN.toASCII(label, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("label '" + label + "' is not a valid internationalized name");
            }
        }
        if (ascii.length() > 63) {
            throw new IllegalArgumentException("a label is longer than 63 characters");
        }
        if (!LABEL.matcher(ascii).matches()) {
            throw new IllegalArgumentException("label '" + ascii + "' must not start or end with '-'");
        }
        return ascii;
    }

    /** Letters of any script (IDN), digits, marks that combine with letters, '-' and '.'. */
    private static boolean allowedBeforeIdn(int c) {
        if (c < 128) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
        }
        int type = Character.getType(c);
        return Character.isLetterOrDigit(c) || type == Character.NON_SPACING_MARK
                || type == Character.COMBINING_SPACING_MARK || type == Character.ENCLOSING_MARK;
    }

    private static String describe(int c) {
        if (c == '*') {
            return "a wildcard ('*')";
        }
        if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
            return "whitespace";
        }
        if (Character.isISOControl(c)) {
            return String.format("control character U+%04X", c);
        }
        if (c == ':') {
            return "a port (':')";
        }
        return "'" + Character.toString(c) + "'";
    }
}
