package dev.helyos.kernel.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helyos.kernel.HelyosdProcess;
import dev.helyos.kernel.deploy.EngineTests;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * helyosd answers only once it can serve: the token is printed before the port accepts anything,
 * {@code /health/ready} says which component is not up yet, and an engine that is missing at start
 * is one clear log line, then noticed when it appears.
 */
class ReadinessTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path home;

    @Test
    void componentsAreListedInOrderAndAFailingCheckIsNotReady() {
        Readiness readiness = new Readiness();
        readiness.add("store", Optional::empty);
        readiness.add("proxy", () -> Optional.of("first apply not done"));
        readiness.add("broken", () -> {
            throw new IllegalStateException("store closed");
        });
        assertEquals(List.of("store", "proxy", "broken"), readiness.components());
        assertEquals(Map.of("proxy", "first apply not done", "broken", "store closed"), readiness.notReady());
    }

    @Test
    void theTokenIsPrintedBeforeTheApiAcceptsAConnection() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path out = home.resolve("out.log");
        Process p = HelyosdProcess.builder(home, List.of("--data-dir", home.resolve("data").toString(), "--port", Integer.toString(port)), Map.of())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline && p.isAlive()) {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                } catch (IOException e) {
                    Thread.sleep(5);
                    continue;
                }
                String printed = Files.readString(out);
                assertTrue(printed.contains("HELYOS_API_TOKEN=nxa-api_"), "the port accepted before the token was printed:\n" + printed);
                return;
            }
            fail("helyosd never accepted on " + port + ": " + Files.readString(out));
        } finally {
            p.destroy();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private JsonNode ready(String url, int expected) throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url + "/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(expected, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    private JsonNode awaitReady(String url, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url + "/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                return JSON.readTree(r.body());
            }
            last = r.body();
            Thread.sleep(100);
        }
        throw new AssertionError("not ready within " + within + ": " + last);
    }

    @Test
    void aMissingEngineIsOneClearLineAndIsNoticedWhenItAppears() throws Exception {
        String engine = EngineTests.dockerHost();
        if (!engine.startsWith("unix://")) {
            fail("DOCKER_HOST must name the test engine's unix socket: scripts/test starts one and sets it");
        }
        Path later = home.resolve("engine").resolve("docker.sock");
        Files.createDirectories(later.getParent());
        try (HelyosdProcess.Logged d = HelyosdProcess.startLogged(home, List.of(),
                List.of("--data-dir", home.resolve("data").toString(), "--port", "0", "--runtime", "docker"),
                Map.of("DOCKER_HOST", "unix://" + later))) {
            JsonNode waiting = ready(d.url(), 503);
            assertEquals("not ready", waiting.get("status").asText());
            for (int i = 0; i < 50 && waiting.get("waiting_for").size() > 1; i++) {
                Thread.sleep(100); // the proxy's first apply may still run
                waiting = ready(d.url(), 503);
            }
            assertEquals("[\"runtime\"]", waiting.get("waiting_for").toString(), "only the engine is missing: " + waiting);
            Thread.sleep(1500);
            String log = d.log();
            assertEquals(1, log.lines().filter(l -> l.contains("runtime docker: no Docker engine answered at unix://" + later)
                    && l.endsWith("; deployments answer 503 until it is up")).count(), log);
            assertFalse(log.contains("recoverable I/O exception"), "docker-java's retry noise is not in the log:\n" + log);

            Files.createSymbolicLink(later, Path.of(URI.create(engine.replace("unix://", "file://"))));
            assertEquals("ready", awaitReady(d.url(), Duration.ofSeconds(15)).get("status").asText());
            assertTrue(d.log().contains("runtime docker: the engine is up (version "), d.log());
        }
    }

    @Test
    void theStatusShowsEveryComponentWithItsDetailsBehindAToken() throws Exception {
        try (dev.helyos.kernel.TestDaemon d = dev.helyos.kernel.TestDaemon.start(home, "--cert-issuer", "internal")) {
            JsonNode status = d.await("/api/v1/status", Duration.ofSeconds(10), s -> s.get("ready").asBoolean());
            JsonNode components = status.get("components");
            assertEquals("[\"store\",\"runtime\",\"proxy\",\"certificates\"]",
                    JSON.valueToTree(components.findValuesAsText("name")).toString());
            assertEquals("mapdb", components.get(0).get("id").asText());
            assertFalse(components.get(1).get("gates_readiness").asBoolean(), "--runtime auto does not wait for an engine");
            assertEquals("traefik", components.get(2).get("backend").asText());
            assertEquals(0, components.get(2).get("routes_failed").asInt());
            assertTrue(components.get(2).get("last_apply").get("at").isTextual());
            assertTrue(components.get(3).get("ca").isNull(), "no --acme-email");
            assertEquals("[\"internal\"]", components.get(3).get("issuers").toString());
            assertTrue(components.get(3).get("last_sweep").isTextual());
            assertEquals(401, d.send("GET", "/api/v1/status", null, null).status());
        }
    }

    @Test
    void aDaemonWithNoExplicitRuntimeIsReadyOnceItsProxyApplied() throws Exception {
        try (HelyosdProcess.Logged d = HelyosdProcess.startLogged(home, List.of(),
                List.of("--data-dir", home.resolve("data").toString(), "--port", "0"), Map.of())) {
            assertEquals("ready", awaitReady(d.url(), Duration.ofSeconds(10)).get("status").asText());
            HttpResponse<String> live = client.send(HttpRequest.newBuilder(URI.create(d.url() + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals("{\"status\":\"ok\"}", live.body());
        }
    }
}
