package dev.helyos.kernel.acme;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.helyos.kernel.certs.Keys;
import dev.helyos.kernel.errors.StartupException;
import dev.helyos.plugin.api.StateStore;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * Answers ACME HTTP-01 challenges on loopback: {@code GET /.well-known/acme-challenge/<token>} gives
 * the key authorization stored under {@code acme/http01/<token>}, anything else 404. The proxy sends
 * every managed domain's challenge path here; tokens live in the store so any node can answer.
 */
public final class ChallengeListener implements AutoCloseable {
    public static final String PREFIX = "/.well-known/acme-challenge/";
    /** RFC 8555 tokens are base64url. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{1,256}");

    private final HttpServer server;
    private final StateStore store;

    private ChallengeListener(HttpServer server, StateStore store) {
        this.server = server;
        this.store = store;
    }

    public static ChallengeListener start(StateStore store, int port) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
            ChallengeListener listener = new ChallengeListener(server, store);
            server.createContext("/", listener::handle);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.start();
            return listener;
        } catch (IOException e) {
            throw new StartupException("cannot listen for ACME challenges on 127.0.0.1:" + port + " (--challenge-port): "
                    + e.getMessage());
        }
    }

    public String host() {
        return server.getAddress().getAddress().getHostAddress();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            Optional<byte[]> answer = Optional.empty();
            if (exchange.getRequestMethod().equals("GET") && path.startsWith(PREFIX)) {
                String token = path.substring(PREFIX.length());
                if (TOKEN.matcher(token).matches()) {
                    answer = store.get(Keys.HTTP01_CHALLENGES + token);
                }
            }
            byte[] body = answer.orElse("not found\n".getBytes(StandardCharsets.US_ASCII));
            exchange.getResponseHeaders().set("Content-Type", answer.isPresent() ? "application/octet-stream" : "text/plain");
            exchange.sendResponseHeaders(answer.isPresent() ? 200 : 404, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
