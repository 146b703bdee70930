package dev.helyos.kernel.api;

import java.util.Optional;

/** What a handler sees of a request, independent of the HTTP server. */
public interface ApiRequest {

    String method();

    /** A path parameter of the route ({@code {name}} in {@code /api/v1/tokens/{name}}), decoded. */
    String pathParam(String name);

    Optional<String> query(String name);

    /** The body as a JSON object; 400/413 with a clear message when it is not one. */
    JsonBody body();

    /** The body as UTF-8 text (same size limit as {@link #body()}), for YAML documents. */
    String text();

    /** The request's Content-Type header, if any. */
    Optional<String> contentType();

    /** The first value of a request header, if any. */
    Optional<String> header(String name);

    /** The name of the token the caller authenticated with; present on every route that is not public. */
    Optional<String> tokenName();
}
