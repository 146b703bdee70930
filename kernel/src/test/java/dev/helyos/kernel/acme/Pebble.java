package dev.helyos.kernel.acme;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Let's Encrypt's test CA, for real: pebble on free loopback ports with its own TLS certificate
 * (made with openssl), and pebble-challtestsrv answering DNS so every name resolves to 127.0.0.1 —
 * Pebble then validates HTTP-01 on {@code httpPort}, the proxy's HTTP port. Logs go to files.
 */
public final class Pebble implements AutoCloseable {
    final Path dir;
    final int acmePort;
    final int managementPort;
    public final Path apiCert;
    private final List<Process> processes = new ArrayList<>();
    private final Map<String, String> env;
    private final int dnsPort;
    private final int httpPort;
    private final Duration certificateValidity;

    private Pebble(Path dir, int httpPort, Map<String, String> env, Duration certificateValidity) throws Exception {
        this.dir = dir;
        this.httpPort = httpPort;
        this.env = env;
        this.certificateValidity = certificateValidity;
        this.acmePort = freePort();
        this.managementPort = freePort();
        this.dnsPort = freeUdpPort();
        this.apiCert = dir.resolve("pebble-api.pem");
    }

    public static Pebble start(Path dir, int httpPort, Map<String, String> env) throws Exception {
        return start(dir, httpPort, env, null);
    }

    /** @param certificateValidity how long its certificates live, or null for Pebble's default (5 years) */
    public static Pebble start(Path dir, int httpPort, Map<String, String> env, Duration certificateValidity) throws Exception {
        for (String program : List.of("/usr/bin/pebble", "/usr/bin/pebble-challtestsrv", "/usr/bin/openssl")) {
            if (!Files.isExecutable(Path.of(program))) {
                fail(program + " is missing: apt-get install pebble openssl; scripts/test installs them");
            }
        }
        Files.createDirectories(dir);
        Pebble pebble = new Pebble(dir, httpPort, env, certificateValidity);
        pebble.writeConfig();
        pebble.startDns();
        pebble.startCa();
        return pebble;
    }

    private void writeConfig() throws Exception {
        Path key = dir.resolve("pebble-api.key");
        run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", key.toString(),
                "-out", apiCert.toString(), "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                "-days", "2");
        Files.writeString(dir.resolve("pebble.json"), """
                {"pebble": {"listenAddress": "127.0.0.1:%d", "managementListenAddress": "127.0.0.1:%d",
                  "certificate": "%s", "privateKey": "%s", "httpPort": %d, "tlsPort": %d,
                  "ocspResponderURL": "", "externalAccountBindingRequired": false%s}}
                """.formatted(acmePort, managementPort, apiCert, key, httpPort, freePort(), certificateValidity == null ? ""
                : ", \"certificateValidityPeriod\": " + certificateValidity.toSeconds()));
    }

    private void startDns() throws Exception {
        processes.add(new ProcessBuilder("pebble-challtestsrv", "-dns01", "127.0.0.1:" + dnsPort, "-http01", "", "-https01", "",
                "-tlsalpn01", "", "-management", "127.0.0.1:" + freePort(), "-defaultIPv4", "127.0.0.1", "-defaultIPv6", "")
                .redirectErrorStream(true).redirectOutput(dir.resolve("challtestsrv.log").toFile()).start());
    }

    /** Starts (or starts again) the CA itself. */
    void startCa() throws Exception {
        ProcessBuilder builder = new ProcessBuilder("pebble", "-config", dir.resolve("pebble.json").toString(),
                "-dnsserver", "127.0.0.1:" + dnsPort)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("pebble.log").toFile()));
        builder.environment().put("PEBBLE_VA_NOSLEEP", "1");
        builder.environment().putAll(env);
        Process ca = builder.start();
        processes.add(ca);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try {
                if (get(directory()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                if (!ca.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("pebble did not start: " + Files.readString(dir.resolve("pebble.log")), e);
                }
            }
            Thread.sleep(100);
        }
    }

    /** Stops the CA (not the DNS), as if it were down. */
    void stopCa() throws InterruptedException {
        for (Process p : processes) {
            if (p.info().command().map(c -> c.endsWith("/pebble")).orElse(false)) {
                p.destroy();
                p.waitFor();
            }
        }
    }

    public String directory() {
        return "https://127.0.0.1:" + acmePort + "/dir";
    }

    /** The root Pebble issues under (new at every start of the CA). */
    public Path issuingRoot() throws Exception {
        Path root = dir.resolve("pebble-root-" + System.nanoTime() + ".pem");
        Files.writeString(root, get("https://127.0.0.1:" + managementPort + "/roots/0").body());
        return root;
    }

    HttpResponse<String> get(String url) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (var in = Files.newInputStream(apiCert)) {
            trust.setCertificateEntry("pebble", (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        HttpClient http = HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(2)).build();
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
    }

    /**
     * A free loopback port for a server a test starts later (nginx, Pebble), taken below the ephemeral
     * range (32768 and up here): an ephemeral port would be free until then for the engine's published
     * pod ports and every other "port 0" listener, and one of them could take it first.
     */
    public static int freePort() throws IOException {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = random.nextInt(16_384, 32_768);
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException inUse) {
                // another one
            }
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        for (Process p : processes) {
            p.destroy();
        }
        for (Process p : processes) {
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
