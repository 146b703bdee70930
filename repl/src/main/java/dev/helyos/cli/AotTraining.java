package dev.helyos.cli;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.helyos.cli.output.Out;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The training run for the launcher's JDK AOT cache ({@code -XX:AOTCacheOutput}): runs the
 * ordinary command path — config file, HTTP and pinned-CA HTTPS requests, JSON, tables — against throwaway local
 * servers, so the classes every command needs are loaded and linked from the cache afterwards.
 */
public final class AotTraining {
    private AotTraining() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("helyos-aot");
        HttpServer server = serve(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
        HttpsServer tls = serve(HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
        String caPem = selfSigned(dir, tls);
        server.start();
        tls.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort();
            String httpsUrl = "https://localhost:" + tls.getAddress().getPort();
            Path config = dir.resolve("config.toml");
            String token = "nxa-api_" + "0".repeat(64);
            Files.writeString(config, "current-context = \"train\"\n\n[context.train]\nserver = \"" + url
                    + "\"\ntoken = \"" + token + "\"\nproject = \"default\"\n\n[context.tls]\nserver = \"" + httpsUrl
                    + "\"\ntoken = \"" + token + "\"\nca = \"" + Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.US_ASCII))
                    + "\"\n");
            Map<String, String> env = Map.of("HELYOS_CONFIG", config.toString(), "HOME", dir.toString());
            PrintStream sink = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
            Out out = new Out(sink, sink, false);
            for (String[] command : new String[][] {{"--json", "whoami"}, {"whoami"}, {"auth", "token", "ls"}, {"context", "ls"},
                    {"--json", "auth", "token", "ls"}, {"--context", "tls", "--json", "whoami"},
                    {"--server", "http://127.0.0.1:1", "whoami"}, {"no-such-command"}}) {
                Main.run(command, env, out, new ByteArrayInputStream(new byte[0]), false);
            }
        } finally {
            server.stop(0);
            tls.stop(0);
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    private static <T extends HttpServer> T serve(T server) {
        server.createContext("/api/v1/whoami", exchange -> answer(exchange,
                "{\"name\":\"admin\",\"scope\":\"admin\",\"created_at\":\"2026-01-01T00:00:00Z\",\"expires_at\":null,\"last_used_at\":null}"));
        server.createContext("/api/v1/tokens", exchange -> answer(exchange,
                "[{\"id\":\"1\",\"name\":\"admin\",\"scope\":\"admin\",\"created_at\":\"2026-01-01T00:00:00Z\",\"expires_at\":null,\"last_used_at\":null}]"));
        return server;
    }

    /** A throwaway EC certificate from the JDK's keytool, so the training covers the pinned-CA TLS path too. */
    private static String selfSigned(Path dir, HttpsServer tls) throws Exception {
        Path store = dir.resolve("train.p12");
        char[] password = "training-only".toCharArray();
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-keyalg", "EC", "-groupname", "secp256r1", "-alias", "train",
                "-dname", "CN=localhost", "-ext", "san=dns:localhost", "-validity", "1", "-keystore", store.toString(),
                "-storetype", "PKCS12", "-storepass", new String(password)).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (p.waitFor() != 0) {
            throw new IOException("keytool failed");
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(store)) {
            keys.load(in, password);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, password);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        tls.setHttpsConfigurator(new HttpsConfigurator(ctx));
        byte[] der = keys.getCertificate("train").getEncoded();
        return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END CERTIFICATE-----\n";
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
