package dev.helyos.kernel.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helyos.kernel.api.Api;
import dev.helyos.kernel.api.ApiException;
import dev.helyos.kernel.api.ApiRequest;
import dev.helyos.kernel.api.ApiResponse;
import dev.helyos.kernel.api.JsonBody;
import dev.helyos.kernel.errors.StartupException;
import dev.helyos.kernel.auth.Principal;
import dev.helyos.kernel.auth.TokenService;
import dev.helyos.kernel.config.DaemonSettings;
import dev.helyos.kernel.errors.Refused;
import dev.helyos.kernel.metrics.HttpMetrics;
import dev.helyos.kernel.tls.TlsMaterial;
import dev.helyos.plugin.api.StoreException;
import io.helidon.common.buffers.DataReader;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.HeaderValues;
import io.helidon.http.RequestException;
import io.helidon.http.Status;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Serves an {@link Api} over Helidon SE: authenticates every non-public endpoint, turns handler
 * results and errors into JSON, and records request metrics by route template and status.
 *
 * <p>Against clients that hold connections: at most {@code maxConnections} are open at once (more
 * wait in the kernel's listen queue, so accept never runs out of descriptors), slow requests are cut
 * by {@link SlowClientGuard}, idle connections by Helidon's idle timeout, and a connection whose
 * request says {@code Connection: close} is closed after its answer. A {@link ListenerWatch} restarts
 * the listener if it stops anyway.
 */
public final class HttpApiServer {
    public static final long MAX_BODY_BYTES = 1024 * 1024;
    private static final Logger LOG = Logger.getLogger(HttpApiServer.class.getName());
    private static final String JSON = "application/json";

    /** Protocols and suites of the API's TLS: AEAD only (no CBC, so no LUCKY13), forward secrecy only. */
    static final List<String> TLS_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    static final List<String> TLS_CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    private final Api api;
    private final TokenService tokens;
    private final HttpMetrics metrics;
    private final ObjectMapper json;
    private final DaemonSettings.Http limits;
    private final SlowClientGuard slowClients;
    private volatile WebServer server;
    private ListenerWatch watch;

    public HttpApiServer(Api api, TokenService tokens, HttpMetrics metrics, ObjectMapper json, DaemonSettings.Http limits) {
        this.api = api;
        this.tokens = tokens;
        this.metrics = metrics;
        this.json = json;
        this.limits = limits;
        this.slowClients = new SlowClientGuard(limits.headerTimeout(), limits.bodyTimeout());
    }

    /**
     * Checks that {@code host:port} can be bound, before the daemon starts what is behind the API;
     * for port 0, picks a free port. Returns the port.
     */
    public static int checkBindable(String host, int port) {
        try (var socket = java.nio.channels.ServerSocketChannel.open()) {
            socket.setOption(java.net.StandardSocketOptions.SO_REUSEADDR, true);
            socket.bind(new java.net.InetSocketAddress(host, port));
            return ((java.net.InetSocketAddress) socket.getLocalAddress()).getPort();
        } catch (IOException | RuntimeException e) {
            throw new StartupException("cannot listen on " + host + ":" + port
                    + ": the address is in use or not available on this machine");
        }
    }

    /**
     * Binds and starts serving; {@code port} 0 picks a free port (see {@link #port()}). If the
     * listener stops later and cannot be started again, {@code onListenerLost} runs.
     */
    public void start(String host, int port, Optional<TlsMaterial> tls, Runnable onListenerLost) {
        server = bind(host, port, tls);
        if (!server.isRunning() || server.port() < 0) {
            server.stop();
            throw new StartupException("cannot listen on " + host + ":" + port
                    + ": the address is in use or not available on this machine");
        }
        int bound = server.port();
        watch = new ListenerWatch(host, bound, () -> {
            server.stop();
            server = bind(host, bound, tls);
            return server.isRunning() && server.port() == bound;
        }, onListenerLost);
    }

    private WebServer bind(String host, int port, Optional<TlsMaterial> tls) {
        Http1Config http1 = Http1Config.builder().addReceiveListener(slowClients).build();
        long idleCheckMillis = Math.clamp(limits.idleTimeout().toMillis() / 5, 50, 5000);
        var builder = WebServer.builder()
                .host(host)
                .port(port)
                .shutdownHook(false)
                .maxPayloadSize(MAX_BODY_BYTES)
                .maxTcpConnections(limits.maxConnections())
                .idleConnectionTimeout(limits.idleTimeout())
                .idleConnectionPeriod(java.time.Duration.ofMillis(idleCheckMillis))
                .protocolsDiscoverServices(false)
                .addProtocol(http1)
                .directHandlers(this::jsonDirectHandlers)
                .routing(this::routing);
        tls.ifPresent(material -> builder.tls(t -> t
                .privateKey(material.key())
                .privateKeyCertChain(material.chain())
                .sslParameters(tlsParameters())));
        return builder.build().start();
    }

    /** {@link #TLS_PROTOCOLS} and {@link #TLS_CIPHER_SUITES}, in the server's order of preference. */
    private static javax.net.ssl.SSLParameters tlsParameters() {
        var parameters = new javax.net.ssl.SSLParameters(TLS_CIPHER_SUITES.toArray(String[]::new), TLS_PROTOCOLS.toArray(String[]::new));
        parameters.setUseCipherSuitesOrder(true);
        parameters.setEndpointIdentificationAlgorithm("");
        return parameters;
    }

    public int port() {
        return server.port();
    }

    public void stop() {
        if (watch != null) {
            watch.close();
        }
        if (server != null) {
            server.stop();
        }
        slowClients.close();
    }

    private void routing(HttpRouting.Builder routing) {
        for (Api.Endpoint endpoint : api.endpoints()) {
            routing.route(Method.create(endpoint.method()), endpoint.path(), (req, res) -> serve(endpoint, req, res));
            if (endpoint.method().equals("GET")) {
                routing.route(Method.HEAD, endpoint.path(), (req, res) -> serve(endpoint, req, res));
            }
        }
        routing.any((req, res) -> serveUnmatched(req, res));
    }

    private void serve(Api.Endpoint endpoint, ServerRequest req, ServerResponse res) {
        long start = System.nanoTime();
        ApiResponse response;
        try {
            Principal principal = null;
            if (endpoint.access() == Api.Access.TOKEN
                    || (endpoint.access() == Api.Access.METRICS && !limits.metricsPublic() && !isMetricsToken(req))) {
                principal = authenticate(req);
                if (!principal.scope().allows(endpoint.method())) {
                    throw ApiException.forbidden("token '" + principal.name() + "' has scope '" + principal.scope().id()
                            + "', which cannot " + endpoint.method() + " " + endpoint.path());
                }
            }
            response = endpoint.handler().handle(new Request(req, endpoint.method(), Optional.ofNullable(principal).map(Principal::name)));
        } catch (CloseConnectionException e) {
            throw e;
        } catch (ApiException e) {
            response = ApiResponse.error(e.status(), e.getMessage());
        } catch (Refused e) {
            response = ApiResponse.error(ApiException.status(e.kind()), e.getMessage());
        } catch (StoreException e) {
            response = storeUnavailable(e);
        } catch (Exception e) {
            LOG.log(Level.SEVERE, endpoint.method() + " " + endpoint.path() + " failed", e);
            response = ApiResponse.error(500, "internal error: " + e.getClass().getSimpleName() + " (details in the helyosd log)");
        }
        metrics.record(req.prologue().method().text(), endpoint.path(), response.status(), System.nanoTime() - start);
        send(req, res, response);
    }

    /**
     * The store failed (PostgreSQL down, a disk error): 503, so that a client retries; nothing was
     * half written, as every store write is one transaction.
     */
    private static ApiResponse storeUnavailable(StoreException e) {
        String message = e.getMessage().startsWith("state store unavailable") ? e.getMessage() : "state store unavailable: " + e.getMessage();
        LOG.warning(message);
        return ApiResponse.error(503, message);
    }

    private boolean isMetricsToken(ServerRequest req) {
        if (limits.metricsToken() == null) {
            return false;
        }
        byte[] expected = ("Bearer " + limits.metricsToken()).getBytes(StandardCharsets.UTF_8);
        byte[] given = req.headers().first(HeaderNames.AUTHORIZATION).orElse("").getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(expected, given);
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
        } catch (StoreException e) {
            response = storeUnavailable(e);
        }
        metrics.record(method, HttpMetrics.UNMATCHED_ROUTE, response.status(), System.nanoTime() - start);
        send(req, res, response);
    }

    private static boolean templateMatches(String template, String path) {
        String regex = Pattern.quote(template).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q");
        return path.matches(regex);
    }

    /**
     * Sends the answer, without its body to a HEAD. Closes the connection afterwards when the client
     * asked to, or left a body unread (reading it could take as long as the client likes).
     */
    private void send(ServerRequest req, ServerResponse res, ApiResponse response) {
        slowClients.requestRead();
        boolean close = req.headers().containsToken(HeaderValues.CONNECTION_CLOSE) || !req.content().consumed();
        if (close) {
            res.header(HeaderValues.CONNECTION_CLOSE);
        }
        writeAnswer(req.prologue().method() == Method.HEAD, res, response);
        if (close) {
            throw new CloseConnectionException("closing the connection after the answer, as its request asked");
        }
    }

    private void writeAnswer(boolean head, ServerResponse res, ApiResponse response) {
        res.status(Status.create(response.status()));
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        if (response.status() == 204) {
            res.send();
            return;
        }
        if (response.stream() != null) {
            res.header(HeaderNames.CONTENT_TYPE, response.contentType());
            if (head) {
                res.send();
                return;
            }
            try (OutputStream out = res.outputStream()) {
                response.stream().writeTo(out);
            } catch (IOException | UncheckedIOException e) {
                LOG.fine(() -> "a streamed answer ended early: " + e.getMessage());
            }
            return;
        }
        byte[] body;
        if (response.text() != null) {
            res.header(HeaderNames.CONTENT_TYPE, response.contentType());
            body = response.text().getBytes(StandardCharsets.UTF_8);
        } else {
            res.header(HeaderNames.CONTENT_TYPE, JSON);
            try {
                body = json.writeValueAsBytes(response.json());
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        if (head) {
            res.header(HeaderNames.CONTENT_LENGTH, Integer.toString(body.length));
            res.send();
        } else {
            res.send(body);
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
        private final Optional<String> tokenName;

        Request(ServerRequest req, String method, Optional<String> tokenName) {
            this.req = req;
            this.method = method;
            this.tokenName = tokenName;
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

        @Override
        public Optional<String> header(String name) {
            return req.headers().first(HeaderNames.create(name));
        }

        /**
         * The whole body, at most {@link #MAX_BODY_BYTES}: 413 past that, whether the client sent a
         * Content-Length (Helidon refuses it before reading) or chunks (refused as they arrive).
         */
        private byte[] readBody() {
            try (InputStream in = req.content().inputStream()) {
                byte[] bytes = in.readNBytes((int) MAX_BODY_BYTES + 1);
                if (bytes.length > MAX_BODY_BYTES) {
                    throw tooLarge();
                }
                return bytes;
            } catch (RequestException e) {
                if (e.status().code() == 413) {
                    throw tooLarge();
                }
                throw ApiException.badRequest("request body could not be read: " + firstLine(e.getMessage()));
            } catch (CloseConnectionException e) {
                // The client went away mid-body, or was too slow and cut off: nobody to answer.
                LOG.fine(() -> "a request body ended with its connection: " + e.getMessage());
                throw e;
            } catch (DataReader.InsufficientDataAvailableException e) {
                LOG.fine("a client closed its connection before the end of its request body");
                throw new CloseConnectionException("the request body ended with its connection", e);
            } catch (IOException | UncheckedIOException e) {
                throw ApiException.badRequest("request body could not be read: " + firstLine(e.getMessage()));
            } finally {
                slowClients.requestRead();
            }
        }

        private static ApiException tooLarge() {
            return new ApiException(413, "request body exceeds " + MAX_BODY_BYTES + " bytes");
        }

        @Override
        public Optional<String> tokenName() {
            return tokenName;
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
