package dev.helyos.kernel.api;

import java.util.Map;

/** What a handler answers: a status and either a JSON body (any Jackson-serialisable value) or text. */
public record ApiResponse(int status, Object json, String text, String contentType) {

    public static ApiResponse ok(Object body) {
        return new ApiResponse(200, body, null, null);
    }

    public static ApiResponse created(Object body) {
        return new ApiResponse(201, body, null, null);
    }

    public static ApiResponse noContent() {
        return new ApiResponse(204, null, null, null);
    }

    public static ApiResponse text(int status, String contentType, String body) {
        return new ApiResponse(status, null, body, contentType);
    }

    public static ApiResponse error(int status, String message) {
        return new ApiResponse(status, Map.of("error", message), null, null);
    }
}
