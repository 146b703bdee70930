package dev.helyos.kernel.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.helyos.kernel.TestDaemon;
import dev.helyos.kernel.deploy.EngineTests;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Routes end to end through helyosd's own nginx: deploy busybox httpd, route a domain to it, and
 * fetch it through nginx with the domain's Host header, while pods and routes change.
 */
class NginxRoutingTest {
    @TempDir
    static Path home;
    static TestDaemon d;
    static String project;
    static int httpPort;
    static Path configDir;

    @BeforeAll
    static void start() throws Exception {
        String dockerHost = EngineTests.dockerHost();
        if (!Files.isExecutable(Path.of("/usr/sbin/nginx"))) {
            fail("nginx is not installed: apt-get install nginx; scripts/test installs it");
        }
        httpPort = freePort();
        configDir = home.resolve("nginx-conf");
        d = TestDaemon.start(home, null, Map.of("DOCKER_HOST", dockerHost), "--proxy-backend", "nginx", "--proxy-manage",
                "--proxy-http-port", Integer.toString(httpPort), "--proxy-https-port", Integer.toString(freePort()),
                "--proxy-opt", "address=127.0.0.1", "--proxy-config-dir", configDir.toString());
        project = "nx" + UUID.randomUUID().toString().substring(0, 8);
        assertEquals(201, d.post("/api/v1/projects", "{\"name\":\"" + project + "\"}").status());
        var deploy = d.post("/api/v1/deploy", "project: " + project + "\ndeployment:\n  name: web\nimage: helyos-test/busybox:1\n"
                + "replicas: 2\nports: [8080]\n", "application/yaml");
        assertEquals(201, deploy.status(), deploy.body());
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!d.get("/api/v1/deployments/" + project + "/web").body().contains("\"status\":\"ready\"")) {
            assertTrue(System.nanoTime() < deadline, "the deployment never got ready");
            Thread.sleep(100);
        }
    }

    @AfterAll
    static void stop() {
        if (d != null) {
            d.delete("/api/v1/projects/" + project + "?force=true");
            d.close();
        }
    }

    @Test
    void aRoutedDomainServesThePodsFollowsScaleAndGoesAwayWithTheRoute() throws Exception {
        String domain = "web-" + project + ".example.com";
        var added = d.post("/api/v1/routes", "{\"domain\":\"" + domain + "\",\"project\":\"" + project + "\",\"deployment\":\"web\"}");
        assertEquals(201, added.status(), added.body());
        d.await("/api/v1/routes/" + domain, Duration.ofSeconds(30), route -> route.get("status").asText().equals("active"));
        // once the route is active, every request finds it
        for (int i = 0; i < 20; i++) {
            String page = get(httpPort, domain).body();
            assertTrue(page.contains("helyos test page"), page);
        }
        Path file = configDir.resolve("helyos-" + domain + ".conf");
        assertEquals(2, Files.readString(file).lines().filter(l -> l.strip().startsWith("server 127.0.0.1:")).count(),
                "both ready pods are upstreams");

        assertEquals(200, d.post("/api/v1/deployments/" + project + "/web/scale", "{\"replicas\":0}").status());
        awaitStatus(httpPort, domain, status -> status == 503);
        assertEquals(200, d.post("/api/v1/deployments/" + project + "/web/scale", "{\"replicas\":1}").status());
        awaitStatus(httpPort, domain, status -> status == 200);

        assertEquals(200, d.delete("/api/v1/routes/" + domain).status());
        awaitStatus(httpPort, domain, status -> status == 404);
        assertFalse(Files.exists(file), "a removed route's file is removed");
    }

    @Test
    void hostileDomainsAreRejectedAtTheApiAndNeverReachAFile() throws Exception {
        for (String bad : new String[] {"a.example.com;} server {", "../../etc/x", "x.example.com\nlisten 1"}) {
            var reply = d.post("/api/v1/routes", TestDaemon.JSON.createObjectNode().put("domain", bad).put("project", project)
                    .put("deployment", "web").toString());
            assertEquals(422, reply.status(), reply.body());
        }
        try (var files = Files.list(configDir)) {
            assertTrue(files.allMatch(f -> f.getFileName().toString().matches("helyos-[a-z0-9.-]+\\.conf")), "only route files");
        }
        try (var files = Files.walk(home)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                if (f.toString().endsWith(".conf")) {
                    assertFalse(Files.readString(f).contains("server {\nlisten 1") || Files.readString(f).contains("etc/x"), f.toString());
                }
            }
        }
    }

    @Test
    void switchingTheLiveBackendKeepsEveryRoute() throws Exception {
        String domain = "switch-" + project + ".example.com";
        assertEquals(201, d.post("/api/v1/routes", "{\"domain\":\"" + domain + "\",\"project\":\"" + project
                + "\",\"deployment\":\"web\"}").status());
        awaitStatus(httpPort, domain, status -> status == 200 || status == 503);
        assertEquals("nginx", d.get("/api/v1/cluster/config/proxy").json().get("backend").asText());

        var managedTraefik = d.post("/api/v1/cluster/config/proxy", "{\"backend\":\"traefik\"}");
        assertEquals(422, managedTraefik.status(), "helyosd cannot run Traefik itself (--proxy-manage): " + managedTraefik.body());
        assertTrue(managedTraefik.error().contains("cannot run Traefik itself"), managedTraefik.error());
        awaitStatus(httpPort, domain, status -> status == 200 || status == 503);
        var toTraefik = d.post("/api/v1/cluster/config/proxy", "{\"backend\":\"traefik\",\"manage\":false}");
        assertEquals(200, toTraefik.status(), toTraefik.body());
        Path dynamic = configDir.resolve("helyos-dynamic.yml");
        assertTrue(Files.readString(dynamic).contains("Host(`" + domain + "`)"), "Traefik's file has the route");
        assertFalse(Files.exists(configDir.resolve("helyos-" + domain + ".conf")), "nginx let go of its files");

        var back = d.post("/api/v1/cluster/config/proxy", "{\"backend\":\"nginx\"}");
        assertEquals(200, back.status(), back.body());
        awaitStatus(httpPort, domain, status -> status == 200 || status == 503);
        assertTrue(Files.exists(configDir.resolve("helyos-" + domain + ".conf")));
        var unknown = d.post("/api/v1/cluster/config/proxy", "{\"backend\":\"haproxy\"}");
        assertEquals(422, unknown.status());
        assertTrue(unknown.error().contains("installed proxy plugins are nginx, traefik"), unknown.error());
        assertEquals(200, d.delete("/api/v1/routes/" + domain).status());
    }

    record Response(int status, String body) {
    }

    static Response get(int port, String host) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(("GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Response(Integer.parseInt(answer.substring(9, 12)), answer);
        }
    }

    static void awaitStatus(int port, String host, IntPredicate wanted) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int last = -1;
        while (System.nanoTime() < deadline) {
            try {
                last = get(port, host).status();
                if (wanted.test(last)) {
                    return;
                }
            } catch (IOException e) {
                last = -1;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("nginx kept answering " + last + " for " + host);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
