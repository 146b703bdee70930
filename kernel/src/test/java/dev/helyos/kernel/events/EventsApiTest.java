package dev.helyos.kernel.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helyos.kernel.TestDaemon;
import dev.helyos.kernel.deploy.EngineTests;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deploy, a route with an internal-CA certificate and a scale, seen as events: listed, filtered,
 * streamed as Server-Sent Events (resumed with Last-Event-ID) and kept across a restart.
 */
class EventsApiTest {
    @TempDir
    Path home;

    private static List<String> kinds(JsonNode events) {
        List<String> kinds = new ArrayList<>();
        events.forEach(e -> kinds.add(e.get("type").asText() + "." + e.get("action").asText()));
        return kinds;
    }

    private static TestDaemon start(Path home) {
        return TestDaemon.start(home, null, Map.of("DOCKER_HOST", EngineTests.dockerHost()), "--cert-issuer", "internal");
    }

    @Test
    void whatTheDaemonDoesIsListedFilteredStreamedAndKept() throws Exception {
        String project = EngineTests.uniqueProject("ev");
        String domain = "ev-" + project + ".test";
        String token;
        long lastId;
        try (TestDaemon d = start(home)) {
            token = d.token();
            assertEquals(201, d.post("/api/v1/deploy", EngineTests.spec(project, "web", 1, EngineTests.IMAGE, ""), "application/yaml").status());
            d.await("/api/v1/events?type=deploy", Duration.ofSeconds(60), e -> kinds(e).contains("deploy.done"));
            assertEquals(201, d.post("/api/v1/routes", "{\"domain\":\"" + domain + "\",\"project\":\"" + project
                    + "\",\"deployment\":\"web\",\"tls_mode\":\"auto\"}").status());
            JsonNode certs = d.await("/api/v1/events?type=cert", Duration.ofSeconds(60), e -> kinds(e).contains("cert.issued"));
            assertEquals(List.of("cert.ordered", "cert.issued"), kinds(certs));
            assertEquals(domain, certs.get(1).get("subject").asText());
            assertEquals(project, certs.get(1).get("project").asText());
            assertTrue(certs.get(1).get("message").asText().startsWith("from internal in "), certs.toString());

            JsonNode all = d.get("/api/v1/events").json();
            List<String> kinds = kinds(all);
            for (String expected : List.of("deploy.started", "pod.started", "pod.ready", "deploy.done", "route.applied", "proxy.reloaded")) {
                assertTrue(kinds.contains(expected), expected + " in " + kinds);
            }
            assertTrue(kinds.indexOf("deploy.started") < kinds.indexOf("deploy.done"), kinds.toString());
            JsonNode deployDone = all.get(kinds.indexOf("deploy.done"));
            assertEquals("1/1 replicas ready", deployDone.get("message").asText());
            long middle = all.get(all.size() / 2).get("id").asLong();
            assertTrue(d.get("/api/v1/events?since=" + middle).json().get(0).get("id").asLong() > middle);

            var badType = d.get("/api/v1/events?type=dns");
            assertEquals(400, badType.status());
            assertEquals("type must be one of cert, route, pod, deploy, proxy; got 'dns'", badType.error());
            assertEquals(400, d.get("/api/v1/events?since=-1").status());
            assertEquals(401, d.send("GET", "/api/v1/events", null, null).status());

            // the stream: the backlog after Last-Event-ID, then what happens next
            lastId = all.get(all.size() - 1).get("id").asLong();
            try (Socket s = new Socket("127.0.0.1", d.daemon.port())) {
                s.setSoTimeout(30_000);
                s.getOutputStream().write(("GET /api/v1/events?follow=true&type=pod HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token
                        + "\r\nLast-Event-ID: " + lastId + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                String status = in.readLine();
                assertEquals("HTTP/1.1 200 OK", status);
                assertEquals(200, d.post("/api/v1/deployments/" + project + "/web/scale", "{\"replicas\":2}").status());
                String line;
                String event = null;
                String data = null;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith("event: ")) {
                        event = line.substring(7);
                    } else if (line.startsWith("data: ")) {
                        data = line.substring(6);
                        break;
                    }
                }
                assertEquals("pod.started", event);
                JsonNode started = TestDaemon.JSON.readTree(data);
                assertTrue(started.get("id").asLong() > lastId);
                assertEquals("helyos-" + project + "-web-1", started.get("subject").asText());
                String metrics = d.send("GET", "/metrics", null, null).body();
                assertTrue(metrics.contains("helyos_event_subscribers 1.0"), metrics);
            }
        }
        try (TestDaemon again = start(home).withToken(token)) {
            JsonNode kept = again.get("/api/v1/events?since=" + (lastId - 1)).json();
            assertEquals(lastId, kept.get(0).get("id").asLong(), "a restart keeps the events");
            again.delete("/api/v1/projects/" + project + "?force=true");
        }
    }
}
