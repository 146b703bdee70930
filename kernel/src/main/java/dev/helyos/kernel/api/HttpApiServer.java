package dev.helyos.kernel.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helyos.kernel.StartupException;
import dev.helyos.kernel.auth.Principal;
import dev.helyos.kernel.auth.TokenService;
import dev.helyos.kernel.metrics.HttpMetrics;
import dev.helyos.kernel.tls.TlsMaterial;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Serves an {@link Api} over Helidon SE: authenticates every non-public endpoint, turns handler
 * results and errors into JSON, and records request metrics by route template and status.
 */
public final class HttpApiServer {
    public static final long MAX_BODY_BYTES = 1024 * 1024;
    private static final Logger LOG = Logger.getLogger(HttpApiServer.class.getName());
    private static final String JSON = "application/json";

    private final Api api;
    private final TokenService tokens;
    private final HttpMetrics metrics;
    private final ObjectMapper json;
    private WebServer server;

    public HttpApiServer(Api api, TokenService tokens, HttpMetrics metrics, ObjectMapper json) {
        this.api = api;
        this.tokens = tokens;
        this.metrics = metrics;
        this.json = json;
    }

    /** Binds and starts serving; {@code port} 0 picks a free port (see {@link #port()}). */
    public void start(String host, int port, Optional<TlsMaterial> tls) {
        var builder = WebServer.builder()
                .host(host)
                .port(port)
                .shutdownHook(false)
                .maxPayloadSize(MAX_BODY_BYTES)
                .directHandlers(this::jsonDirectHandlers)
                .routing(this::routing);
        tls.ifPresent(material -> builder.tls(t -> t
                .privateKey(material.key())
                .privateKeyCertChain(material.chain())));
        server = builder.build().start();
        if (!server.isRunning() || server.port() < 0) {
            server.stop();
            throw new StartupException("cannot listen on " + host + ":" + port
                    + ": the address is in use or not available on this machine");
        }
    }

    public int port() {
        return server.port();
    }

    public void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private void routing(HttpRouting.Builder routing) {
        for (Api.Endpoint endpoint : api.endpoints()) {
            routing.route(Method.create(endpoint.method()), endpoint.path(), (req, res) -> serve(endpoint, req, res));
        }
        routing.any((req, res) -> serveUnmatched(req, res));
    }

    private void serve(Api.Endpoint endpoint, ServerRequest req, ServerResponse res) {
        long start = System.nanoTime();
        ApiResponse response;
        try {
            Principal principal = null;
            if (endpoint.access() == Api.Access.TOKEN) {
                principal = authenticate(req);
                if (!principal.scope().allows(endpoint.method())) {
                    throw ApiException.forbidden("token '" + principal.name() + "' has scope '" + principal.scope().id()
                            + "', which cannot " + endpoint.method() + " " + endpoint.path());
                }
            }
            response = endpoint.handler().handle(new Request(req, endpoint.method(), Optional.ofNullable(principal)));
        } catch (ApiException e) {
            response = ApiResponse.error(e.status(), e.getMessage());
        } catch (Exception e) {
            LOG.log(Level.SEVERE, endpoint.method() + " " + endpoint.path() + " failed", e);
            response = ApiResponse.error(500, "internal error: " + e.getClass().getSimpleName() + " (details in the helyosd log)");
        }
        send(res, response);
        metrics.record(endpoint.method(), endpoint.path(), response.status(), System.nanoTime() - start);
    }

    private Principal authenticate(ServerRequest req) {
        String header = req.headers().first(HeaderNames.AUTHORIZATION).orElse(null);
        return tokens.authenticate(header).orElseThrow(ApiException::unauthorized);
    }

    /** No endpoint matched: under /api/v1/ an unauthenticated caller learns nothing about which paths exist. */
    private void serveUnmatched(ServerRequest req, ServerResponse res) {
        long start = System.nanoTime();
        String path = req.path().path();
        String method = req.prologue().method().text();
        ApiResponse response;
        try {
            if (path.startsWith("/api/")) {
                authenticate(req);
            }
            boolean otherMethod = api.endpoints().stream()
                    .anyMatch(e -> !e.method().equals(method) && templateMatches(e.path(), path));
            response = otherMethod
                    ? ApiResponse.error(405, "method " + method + " is not allowed on " + ApiException.shorten(path))
                    : ApiResponse.error(404, "no such endpoint: " + method + " " + ApiException.shorten(path));
        } catch (ApiException e) {
            response = ApiResponse.error(e.status(), e.getMessage());
        }
        send(res, response);
        metrics.record(method, "unmatched", response.status(), System.nanoTime() - start);
    }

    private static boolean templateMatches(String template, String path) {
        String regex = Pattern.quote(template).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q");
        return path.matches(regex);
    }

    private void send(ServerResponse res, ApiResponse response) {
        res.status(Status.create(response.status()));
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        if (response.status() == 204) {
            res.send();
            return;
        }
        if (response.stream() != null) {
            res.header(HeaderNames.CONTENT_TYPE, response.contentType());
            try (OutputStream out = res.outputStream()) {
                response.stream().writeTo(out);
            } catch (IOException | UncheckedIOException e) {
                LOG.fine(() -> "a streamed answer ended early: " + e.getMessage());
            }
            return;
        }
        if (response.text() != null) {
            res.header(HeaderNames.CONTENT_TYPE, response.contentType());
            res.send(response.text().getBytes(StandardCharsets.UTF_8));
            return;
        }
        res.header(HeaderNames.CONTENT_TYPE, JSON);
        try {
            res.send(json.writeValueAsBytes(response.json()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Errors Helidon answers before routing (bad request line, body too large, ...) in the API's JSON shape. */
    private void jsonDirectHandlers(DirectHandlers.Builder handlers) {
        DirectHandler handler = (request, eventType, status, headers, message) -> {
            String text = eventType == DirectHandler.EventType.PAYLOAD_TOO_LARGE || status.code() == 413
                    ? "request body exceeds " + MAX_BODY_BYTES + " bytes"
                    : status.code() >= 500 ? "internal error" : (message == null || message.isBlank() ? status.reasonPhrase() : message);
            return DirectHandler.TransportResponse.builder()
                    .status(status)
                    .header(HeaderNames.CONTENT_TYPE, JSON)
                    .entity(jsonError(text))
                    .build();
        };
        for (DirectHandler.EventType type : DirectHandler.EventType.values()) {
            handlers.addHandler(type, handler);
        }
    }

    private byte[] jsonError(String message) {
        try {
            return json.writeValueAsBytes(Map.of("error", message));
        } catch (JsonProcessingException e) {
            return "{\"error\":\"internal error\"}".getBytes(StandardCharsets.UTF_8);
        }
    }

    private final class Request implements ApiRequest {
        private final ServerRequest req;
        private final String method;
        private final Optional<Principal> principal;

        Request(ServerRequest req, String method, Optional<Principal> principal) {
            this.req = req;
            this.method = method;
            this.principal = principal;
        }

        @Override
        public String method() {
            return method;
        }

        @Override
        public String pathParam(String name) {
            return req.path().pathParameters().get(name);
        }

        @Override
        public Optional<String> query(String name) {
            return req.query().first(name).asOptional();
        }

        @Override
        public JsonBody body() {
            byte[] bytes = readBody();
            if (bytes.length == 0) {
                throw ApiException.badRequest("request body is empty; expected a JSON object");
            }
            JsonNode node;
            try {
                node = json.readTree(bytes);
            } catch (IOException e) {
                throw ApiException.badRequest("request body is not valid JSON: " + firstLine(e.getMessage()));
            }
            if (!(node instanceof ObjectNode object)) {
                throw ApiException.badRequest("request body must be a JSON object");
            }
            return new JsonBody(object);
        }

        @Override
        public String text() {
            return new String(readBody(), StandardCharsets.UTF_8);
        }

        @Override
        public Optional<String> contentType() {
            return req.headers().first(HeaderNames.CONTENT_TYPE);
        }

        private byte[] readBody() {
            try (InputStream in = req.content().inputStream()) {
                byte[] bytes = in.readNBytes((int) MAX_BODY_BYTES + 1);
                if (bytes.length > MAX_BODY_BYTES) {
                    throw new ApiException(413, "request body exceeds " + MAX_BODY_BYTES + " bytes");
                }
                return bytes;
            } catch (IOException | UncheckedIOException e) {
                throw ApiException.badRequest("request body could not be read: " + e.getMessage());
            }
        }

        @Override
        public Optional<Principal> principal() {
            return principal;
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "malformed";
        }
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        line = line.replaceAll(" \\(for Object starting at.*", "");
        return line.length() <= 160 ? line : line.substring(0, 157) + "...";
    }
}
