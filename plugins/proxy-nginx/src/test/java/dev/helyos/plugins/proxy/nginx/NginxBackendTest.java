package dev.helyos.plugins.proxy.nginx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.net.httpserver.HttpServer;
import dev.helyos.plugin.api.ApplyResult;
import dev.helyos.plugin.api.ProxyContext;
import dev.helyos.plugin.api.ProxyRoute;
import dev.helyos.plugin.api.ProxySnapshot;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The nginx backend with a real, managed nginx on free loopback ports. */
class NginxBackendTest {
    static HttpServer upstream;
    static HttpServer challenge;

    @TempDir
    Path dir;
    int httpPort;
    int httpsPort;
    NginxBackend backend;

    @BeforeAll
    static void servers() throws IOException {
        if (!Files.isExecutable(Path.of("/usr/sbin/nginx"))) {
            fail("nginx is not installed (/usr/sbin/nginx): apt-get install nginx; scripts/test installs it");
        }
        upstream = server(exchange -> "upstream saw host=" + exchange.getRequestHeaders().getFirst("Host")
                + " xff=" + exchange.getRequestHeaders().getFirst("X-Forwarded-For")
                + " proto=" + exchange.getRequestHeaders().getFirst("X-Forwarded-Proto")
                + " xhost=" + exchange.getRequestHeaders().getFirst("X-Forwarded-Host"));
        challenge = server(exchange -> "challenge " + exchange.getRequestURI().getPath());
    }

    @AfterAll
    static void stopServers() {
        upstream.stop(0);
        challenge.stop(0);
    }

    private static HttpServer server(java.util.function.Function<com.sun.net.httpserver.HttpExchange, String> body) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", exchange -> {
            byte[] bytes = body.apply(exchange).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        return server;
    }

    @BeforeEach
    void open() throws IOException {
        httpPort = freePort();
        httpsPort = freePort();
        backend = open(dir);
    }

    private NginxBackend open(Path base) {
        return (NginxBackend) new NginxBackendProvider().open(new ProxyContext(base.resolve("conf"), base.resolve("state"),
                httpPort, httpsPort, true, Map.of("address", "127.0.0.1")));
    }

    @AfterEach
    void close() {
        backend.close();
    }

    private ApplyResult apply(ProxyRoute... routes) {
        return backend.apply(new ProxySnapshot(List.of(routes), "127.0.0.1", challenge.getAddress().getPort()));
    }

    private static ProxyRoute route(String domain, ProxyRoute.TlsFiles tls, int... ports) {
        return new ProxyRoute(domain, java.util.Arrays.stream(ports).mapToObj(p -> new ProxyRoute.Upstream("127.0.0.1", p)).toList(), tls);
    }

    @Test
    void aRouteReachesItsUpstreamWithForwardedHeadersAndNoUpstreamIs503() throws Exception {
        assertTrue(apply(route("shop.example.com", null, upstream.getAddress().getPort())).ok());
        Http.Response page = Http.get(httpPort, "shop.example.com", "/");
        assertEquals(200, page.status());
        assertEquals("upstream saw host=shop.example.com xff=127.0.0.1 proto=http xhost=shop.example.com", page.body());
        assertEquals(404, Http.get(httpPort, "other.example.com", "/").status(), "an unknown host meets the default server");

        assertTrue(apply(route("shop.example.com", null)).ok());
        assertEquals(503, Http.get(httpPort, "shop.example.com", "/").status());

        assertTrue(apply().ok());
        assertFalse(Files.exists(dir.resolve("conf/helyos-shop.example.com.conf")), "a removed route's file is removed");
        assertEquals(404, Http.get(httpPort, "shop.example.com", "/").status());
    }

    @Test
    void aTlsRouteServesItsCertificateRedirectsPlainHttpButNotTheChallenge() throws Exception {
        ProxyRoute.TlsFiles tls = Certificates.selfSigned(dir, "secure.example.com");
        assertTrue(apply(route("secure.example.com", tls, upstream.getAddress().getPort())).ok());

        Http.Response redirect = Http.get(httpPort, "secure.example.com", "/page?x=1");
        assertEquals(301, redirect.status());
        assertEquals("https://secure.example.com:" + httpsPort + "/page?x=1", redirect.location());
        Http.Response token = Http.get(httpPort, "secure.example.com", "/.well-known/acme-challenge/abc");
        assertEquals(200, token.status());
        assertEquals("challenge /.well-known/acme-challenge/abc", token.body());

        X509Certificate expected = Certificates.read(tls.certificateChain());
        SSLContext trust = Certificates.trusting(expected);
        try (SSLSocket socket = (SSLSocket) trust.getSocketFactory().createSocket("127.0.0.1", httpsPort)) {
            SSLParameters params = socket.getSSLParameters();
            params.setServerNames(List.of(new SNIHostName("secure.example.com")));
            socket.setSSLParameters(params);
            socket.startHandshake();
            X509Certificate served = (X509Certificate) socket.getSession().getPeerCertificates()[0];
            assertEquals(expected.getSerialNumber(), served.getSerialNumber());
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: secure.example.com\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
            assertTrue(answer.contains("proto=https"), answer);
        }
    }

    @Test
    void aRouteNginxRejectsIsReportedAndPutBackWhileTheOthersServe() throws Exception {
        assertTrue(apply(route("good.example.com", null, upstream.getAddress().getPort())).ok());
        Path notACert = dir.resolve("not-a-cert.pem");
        Files.writeString(notACert, "hello\n");
        ProxyRoute.TlsFiles broken = new ProxyRoute.TlsFiles(notACert, notACert, "1");
        ApplyResult result = apply(route("good.example.com", null, upstream.getAddress().getPort()),
                route("broken.example.com", broken, upstream.getAddress().getPort()),
                route("new.example.com", null, upstream.getAddress().getPort()));
        assertNull(result.error(), result.toString());
        assertEquals(java.util.Set.of("broken.example.com"), result.failedRoutes().keySet());
        assertTrue(result.failedRoutes().get("broken.example.com").contains("cannot load certificate"), result.toString());
        assertFalse(Files.exists(dir.resolve("conf/helyos-broken.example.com.conf")), "a new rejected route leaves no file");
        assertEquals(200, Http.get(httpPort, "good.example.com", "/").status());
        assertEquals(200, Http.get(httpPort, "new.example.com", "/").status(), "the rest of the change went ahead");
        assertTrue(apply(route("good.example.com", null, upstream.getAddress().getPort())).ok(), "the next good apply works");
    }

    @Test
    void hostileInputIsRefusedAndNeverReachesAFile() throws Exception {
        ApplyResult result = apply(route("a.example.com;} server {", null, 8080), route("../../etc/x", null, 8080),
                route("q\"uote.example.com", null, 8080), route("new\nline.example.com", null, 8080),
                new ProxyRoute("ok.example.com", List.of(new ProxyRoute.Upstream("1.2.3.4; evil", 80)), null),
                route("fine.example.com", null, upstream.getAddress().getPort()));
        assertEquals(5, result.failedRoutes().size(), result.toString());
        try (var files = Files.list(dir.resolve("conf"))) {
            assertEquals(List.of("helyos-fine.example.com.conf"), files.map(p -> p.getFileName().toString()).toList());
        }
        assertFalse(Files.readString(dir.resolve("conf/helyos-fine.example.com.conf")).contains("evil"));
    }

    @Test
    void aRestartedBackendRewritesNothingThatDidNotChange() throws Exception {
        ProxyRoute route = route("same.example.com", null, upstream.getAddress().getPort());
        assertTrue(apply(route).ok());
        Path file = dir.resolve("conf/helyos-same.example.com.conf");
        FileTime before = Files.getLastModifiedTime(file);
        backend.close();
        Thread.sleep(20);
        backend = open(dir);
        assertTrue(apply(route).ok());
        assertEquals(before, Files.getLastModifiedTime(file));
        assertEquals(200, Http.get(httpPort, "same.example.com", "/").status(), "the managed nginx started again");
    }

    @Test
    void aKilledNginxIsStartedAgain() throws Exception {
        assertTrue(apply(route("alive.example.com", null, upstream.getAddress().getPort())).ok());
        long pid = Long.parseLong(Files.readString(dir.resolve("state/nginx.pid")).strip());
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            Thread.sleep(100);
            String now = Files.exists(dir.resolve("state/nginx.pid")) ? Files.readString(dir.resolve("state/nginx.pid")).strip() : "";
            if (!now.isEmpty() && Long.parseLong(now) != pid && Http.get(httpPort, "alive.example.com", "/").status() == 200) {
                break;
            }
            assertTrue(System.nanoTime() < deadline, "nginx was not started again");
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
