package dev.helyos.kernel.errors;

/**
 * What the daemon's capabilities throw when they will not do what was asked: its {@link Kind} says
 * why, its message says it for the user (naming the field or thing). Only {@code api/} knows HTTP:
 * it turns each kind into a status in one place.
 */
public final class Refused extends RuntimeException {

    public enum Kind {
        /** The input cannot be read at all (not JSON, not YAML, an unknown field). */
        MALFORMED,
        /** Readable, but a value is not acceptable. */
        INVALID,
        NOT_FOUND,
        /** It clashes with what exists. */
        CONFLICT,
        /** Something it needs is not there (no container engine). */
        UNAVAILABLE,
        /** Something it relies on said no (the engine, the proxy, a CA or an issuer). */
        UPSTREAM_FAILED
    }

    private final Kind kind;

    private Refused(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public static Refused malformed(String message) {
        return new Refused(Kind.MALFORMED, message);
    }

    public static Refused invalid(String message) {
        return new Refused(Kind.INVALID, message);
    }

    public static Refused notFound(String message) {
        return new Refused(Kind.NOT_FOUND, message);
    }

    public static Refused conflict(String message) {
        return new Refused(Kind.CONFLICT, message);
    }

    public static Refused unavailable(String message) {
        return new Refused(Kind.UNAVAILABLE, message);
    }

    public static Refused upstreamFailed(String message) {
        return new Refused(Kind.UPSTREAM_FAILED, message);
    }

    /** User input echoed in an error, cut so a huge value cannot make a huge response. */
    public static String shorten(String value) {
        return value.length() <= 64 ? value : value.substring(0, 61) + "...";
    }
}
