package dev.helyos.kernel.api;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * What a handler answers: a status and either a JSON body (any Jackson-serialisable value), text, or
 * a stream written while the client reads it.
 */
public record ApiResponse(int status, Object json, String text, String contentType, Streamed stream) {

    /** A body written piece by piece; an {@link IOException} means the client went away. */
    @FunctionalInterface
    public interface Streamed {
        void writeTo(OutputStream out) throws IOException;
    }

    public static ApiResponse ok(Object body) {
        return new ApiResponse(200, body, null, null, null);
    }

    public static ApiResponse created(Object body) {
        return new ApiResponse(201, body, null, null, null);
    }

    public static ApiResponse json(int status, Object body) {
        return new ApiResponse(status, body, null, null, null);
    }

    public static ApiResponse noContent() {
        return new ApiResponse(204, null, null, null, null);
    }

    public static ApiResponse text(int status, String contentType, String body) {
        return new ApiResponse(status, null, body, contentType, null);
    }

    public static ApiResponse stream(String contentType, Streamed body) {
        return new ApiResponse(200, null, null, contentType, body);
    }

    public static ApiResponse error(int status, String message) {
        return new ApiResponse(status, Map.of("error", message), null, null, null);
    }
}
