package dev.helyos.kernel.acme;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.helyos.kernel.tls.Pem;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Pebble has no renewal information (ARI, RFC 9773), so this stands in front of its directory: it
 * serves Pebble's directory with a {@code renewalInfo} URL added (everything else still goes to Pebble)
 * and answers {@code GET /renewal-info/<certID>} with the window the test sets for that certificate,
 * or the default one, and {@code Retry-After: 1}. Same TLS certificate as Pebble's API, so the same
 * {@code --acme-ca-root} trusts both.
 */
final class RenewalInfoShim implements AutoCloseable {
    record Window(Instant start, Instant end, String explanation) {
    }

    private final HttpsServer server;
    private final Pebble pebble;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private volatile Window defaultWindow;
    /** The certificate IDs helyosd asked about, in order. */
    final List<String> asked = new CopyOnWriteArrayList<>();

    private RenewalInfoShim(Pebble pebble, Window defaultWindow) throws Exception {
        this.pebble = pebble;
        this.defaultWindow = defaultWindow;
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        char[] password = "shim".toCharArray();
        keys.setKeyEntry("api", Pem.privateKey(Files.readString(pebble.dir.resolve("pebble-api.key"))), password,
                Pem.certificates(Files.readString(pebble.apiCert)).toArray(Certificate[]::new));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, password);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(ssl));
        server.createContext("/dir", this::directory);
        server.createContext("/renewal-info/", this::renewalInfo);
        server.start();
    }

    static RenewalInfoShim start(Pebble pebble, Window defaultWindow) throws Exception {
        return new RenewalInfoShim(pebble, defaultWindow);
    }

    String directory() {
        return "https://127.0.0.1:" + server.getAddress().getPort() + "/dir";
    }

    /** What the CA says from now on about the certificate with this ID. */
    void window(String certId, Window window) {
        windows.put(certId, window);
    }

    private void directory(HttpExchange exchange) throws IOException {
        try {
            ObjectNode dir = (ObjectNode) json.readTree(pebble.get(pebble.directory()).body());
            dir.put("renewalInfo", "https://127.0.0.1:" + server.getAddress().getPort() + "/renewal-info");
            send(exchange, 200, dir.toString(), Map.of());
        } catch (Exception e) {
            send(exchange, 502, "{\"detail\":\"" + e + "\"}", Map.of());
        }
    }

    private void renewalInfo(HttpExchange exchange) throws IOException {
        String certId = exchange.getRequestURI().getPath().substring("/renewal-info/".length());
        asked.add(certId);
        Window w = windows.getOrDefault(certId, defaultWindow);
        ObjectNode body = json.createObjectNode();
        body.putObject("suggestedWindow").put("start", w.start().toString()).put("end", w.end().toString());
        if (w.explanation() != null) {
            body.put("explanationURL", w.explanation());
        }
        send(exchange, 200, body.toString(), Map.of("Retry-After", "1"));
    }

    private static void send(HttpExchange exchange, int status, String body, Map<String, String> headers) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        headers.forEach(exchange.getResponseHeaders()::set);
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
