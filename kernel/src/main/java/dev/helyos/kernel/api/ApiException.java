package dev.helyos.kernel.api;

import dev.helyos.kernel.errors.Refused;

/** A request that cannot be served; becomes {@code {"error": message}} with {@code status}. */
public class ApiException extends RuntimeException {
    private final int status;

    public ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    public static ApiException unauthorized() {
        return new ApiException(401, "missing or invalid bearer token");
    }

    public static ApiException forbidden(String message) {
        return new ApiException(403, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, message);
    }

    public static ApiException conflict(String message) {
        return new ApiException(409, message);
    }

    public static ApiException unprocessable(String message) {
        return new ApiException(422, message);
    }

    /** User input echoed in an error, cut so a huge value cannot make a huge response. */
    public static String shorten(String value) {
        return Refused.shorten(value);
    }

    /** The one place a capability's refusal becomes an HTTP status. */
    public static int status(Refused.Kind kind) {
        return switch (kind) {
            case MALFORMED -> 400;
            case INVALID -> 422;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case UNAVAILABLE -> 503;
            case UPSTREAM_FAILED -> 502;
        };
    }
}
