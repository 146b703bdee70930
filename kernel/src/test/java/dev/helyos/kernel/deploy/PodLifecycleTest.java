package dev.helyos.kernel.deploy;

import static dev.helyos.kernel.deploy.EngineTests.APP_IMAGE;
import static dev.helyos.kernel.deploy.EngineTests.IMAGE;
import static dev.helyos.kernel.deploy.EngineTests.await;
import static dev.helyos.kernel.deploy.EngineTests.awaitStatus;
import static dev.helyos.kernel.deploy.EngineTests.fetch;
import static dev.helyos.kernel.deploy.EngineTests.pods;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helyos.kernel.TestDaemon;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the supervisor does to running pods: restarts, back-off, health, rolling updates, logs. */
class PodLifecycleTest {
    private static final Duration READY = Duration.ofSeconds(30);

    @TempDir
    static Path home;
    static TestDaemon d;
    static String project;

    @BeforeAll
    static void start() {
        d = TestDaemon.start(home, null, Map.of("DOCKER_HOST", EngineTests.dockerHost()));
        project = EngineTests.uniqueProject("lc");
        assertEquals(201, d.post("/api/v1/projects", "{\"name\":\"" + project + "\"}").status());
    }

    @AfterAll
    static void cleanUp() {
        EngineTests.closeAndRemove(d, project);
    }

    private static String path(String name) {
        return "/api/v1/deployments/" + project + "/" + name;
    }

    private static void deploy(String spec) {
        var reply = d.post("/api/v1/deploy", spec, "application/yaml");
        assertTrue(reply.status() == 201 || reply.status() == 200, reply.body());
    }

    @Test
    void aKilledPodIsRestartedAndServesAgain() throws Exception {
        deploy(EngineTests.spec(project, "killed", 1, IMAGE, ""));
        JsonNode ready = awaitStatus(d, project, "killed", "ready", READY);
        double restartsBefore = restarts();
        String container = pods(ready).getFirst().get("container_id").asText();

        d.daemon.runtime().get().stop(container, Duration.ZERO); // SIGKILL: exit code 137

        JsonNode back = await(d, path("killed"), READY, json -> {
            JsonNode pod = json.get("pods").get(0);
            return pod.get("restart_count").asInt() == 1 && pod.get("ready").asBoolean();
        });
        JsonNode pod = back.get("pods").get(0);
        assertEquals(container, pod.get("container_id").asText(), "the same container is started again");
        assertEquals("running", pod.get("status").asText());
        assertTrue(fetch(pod.get("ports").get("8080").asInt()).contains(EngineTests.PAGE));
        assertEquals(restartsBefore + 1, restarts(), "counted on /metrics");
        JsonNode events = d.get("/api/v1/events?type=pod").json();
        List<String> actions = new java.util.ArrayList<>();
        events.forEach(e -> {
            if (e.get("subject").asText().equals(pod.get("id").asText())) {
                actions.add(e.get("action").asText());
            }
        });
        assertEquals(List.of("started", "ready", "crashed", "restarted", "ready"), actions, events.toString());
    }

    private double restarts() {
        var m = java.util.regex.Pattern.compile("(?m)^helyos_pod_restarts_total ([0-9.]+)$").matcher(d.send("GET", "/metrics", null, null).body());
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    @Test
    void aPodThatKeepsFailingGoesIntoCrashLoopBackOff() throws Exception {
        deploy(EngineTests.spec(project, "crashy", 1, APP_IMAGE, "env:\n  EXIT_AFTER: \"0\"\n  EXIT_CODE: \"3\"\n"));
        JsonNode looping = await(d, path("crashy"), READY,
                json -> "crashloopbackoff".equals(json.get("pods").get(0).get("status").asText()));
        JsonNode pod = looping.get("pods").get(0);
        assertTrue(pod.get("restart_count").asInt() >= 2, pod.toString());
        assertEquals("exited with code 3", pod.get("message").asText());
        assertFalse(pod.get("ready").asBoolean());
        JsonNode deployment = looping.get("deployment");
        assertEquals("degraded", deployment.get("status").asText());
        assertEquals("helyos-" + project + "-crashy-0: crashloopbackoff (exited with code 3)", deployment.get("message").asText());
        assertEquals(204, d.delete(path("crashy")).status());
    }

    @Test
    void restartNeverLeavesAFailedPodDown() throws Exception {
        deploy(EngineTests.spec(project, "once", 1, APP_IMAGE, "restart: never\nenv:\n  EXIT_AFTER: \"0\"\n  EXIT_CODE: \"4\"\n"));
        JsonNode failed = await(d, path("once"), READY, json -> "failed".equals(json.get("pods").get(0).get("status").asText()));
        Thread.sleep(1500);
        JsonNode later = d.get(path("once")).json();
        assertEquals("failed", later.get("pods").get(0).get("status").asText());
        assertEquals(0, later.get("pods").get(0).get("restart_count").asInt());
        assertEquals("exited with code 4", failed.get("pods").get(0).get("message").asText());
        assertEquals(204, d.delete(path("once")).status());
    }

    @Test
    void secretsReachTheContainerAndNeverTheApi() throws Exception {
        String value = "s3cret-" + project;
        assertEquals(200, d.post("/api/v1/projects/" + project + "/secrets/API_KEY", "{\"value\":\"" + value + "\"}").status());
        deploy(EngineTests.spec(project, "withsecret", 1, APP_IMAGE, "secrets: [API_KEY]\n"));
        JsonNode ready = awaitStatus(d, project, "withsecret", "ready", READY);
        assertFalse(ready.toString().contains(value), "no API answer shows the value");
        assertFalse(d.get("/api/v1/pods?project=" + project).body().contains(value));

        String logs = d.get(path("withsecret") + "/logs?tail=10").body();
        assertTrue(logs.contains("app starting API_KEY=" + value), logs);
        assertTrue(logs.contains("{\"pod\":\"helyos-" + project + "-withsecret-0\",\"replica_index\":0,\"stream\":\"stderr\",\"text\":\"app-stderr\"}"), logs);
        assertEquals(204, d.delete(path("withsecret")).status());
    }

    @Test
    void logsTailAndFollow() throws Exception {
        deploy(EngineTests.spec(project, "talky", 2, APP_IMAGE, ""));
        awaitStatus(d, project, "talky", "ready", READY);
        String one = d.get(path("talky") + "/logs?tail=1").body();
        assertEquals(2, one.lines().count(), "one line per pod: " + one);

        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(d.url(path("talky") + "/logs?tail=1&follow=true")))
                .header("Authorization", "Bearer " + d.token()).build();
        HttpResponse<java.io.InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        assertEquals("application/x-ndjson", response.headers().firstValue("content-type").orElse(""));
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            List<String> seen = new ArrayList<>();
            seen.add(lines.readLine());
            seen.add(lines.readLine());
            assertEquals(2, seen.stream().filter(l -> l.startsWith("{\"pod\":\"helyos-" + project + "-talky-")).count(), seen.toString());
            // the follow goes on while the pods run, and ends once they are stopped
            assertEquals(200, d.post(path("talky") + "/stop", "").status());
            String line;
            while ((line = lines.readLine()) != null) {
                assertTrue(line.isEmpty() || line.startsWith("{\"pod\""), line);
            }
        }
        assertEquals(400, d.get(path("talky") + "/logs?tail=abc").status());
        assertEquals("tail must be a whole number between 0 and 100000, got '-1'", d.get(path("talky") + "/logs?tail=-1").error());
        assertEquals(400, d.get(path("talky") + "/logs?follow=maybe").status());
        assertEquals(404, d.get("/api/v1/deployments/" + project + "/nope/logs").status());
        assertEquals(204, d.delete(path("talky")).status());
    }

    @Test
    void aFailingHealthCheckMakesThePodUnhealthyAndRestartsIt() throws Exception {
        deploy(EngineTests.spec(project, "sick", 1, IMAGE,
                "healthcheck:\n  path: /missing.html\n  interval: 300ms\n  timeout: 300ms\n  retries: 2\n"));
        JsonNode restarted = await(d, path("sick"), READY, json -> json.get("pods").get(0).get("restart_count").asInt() >= 1);
        JsonNode pod = restarted.get("pods").get(0);
        assertFalse(pod.get("ready").asBoolean());
        assertTrue(pod.get("message").asText().contains("health check GET /missing.html: HTTP 404"), pod.toString());
        assertEquals(204, d.delete(path("sick")).status());
    }

    @Test
    void aChangedSpecRollsOverOnePodAtATimeNewReadyBeforeOldStops() throws Exception {
        String health = "healthcheck:\n  path: /index.html\n  interval: 200ms\n  timeout: 200ms\n  retries: 2\n";
        deploy(EngineTests.spec(project, "rolling", 2, APP_IMAGE, health));
        JsonNode first = awaitStatus(d, project, "rolling", "ready", READY);
        var oldIds = DeployApiTest.containerIds(first);

        // the new pods take two seconds to listen: the old ones must keep serving until then
        deploy(EngineTests.spec(project, "rolling", 2, APP_IMAGE, health + "env:\n  LISTEN_AFTER: \"2\"\n"));
        boolean sawBothGenerations = false;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode now;
        while (true) {
            now = d.get(path("rolling")).json();
            long readyServing = 0;
            for (JsonNode pod : pods(now)) {
                if (pod.get("ready").asBoolean() && pod.get("status").asText().equals("running")) {
                    readyServing++;
                }
            }
            assertTrue(readyServing >= 2, "two ready pods at every moment of the rollout: " + now);
            sawBothGenerations |= pods(now).size() > 2;
            if ("ready".equals(now.get("deployment").get("status").asText())
                    && DeployApiTest.containerIds(now).stream().noneMatch(oldIds::contains)) {
                break;
            }
            assertTrue(System.nanoTime() < deadline, "rollout did not finish: " + now);
            Thread.sleep(50);
        }
        assertTrue(sawBothGenerations, "a replacement ran beside the pod it replaced");
        assertEquals(2, pods(now).size());
        assertEquals(2, EngineTests.containers(d.daemon.runtime().get(), project, "rolling").size(), "the old pods are gone");
        for (JsonNode pod : pods(now)) {
            assertNotNull(fetch(pod.get("ports").get("8080").asInt()));
        }
        assertEquals(204, d.delete(path("rolling")).status());
    }

    @Test
    void aBrokenUpdateKeepsTheOldPodServingAndAFixedOneFinishesTheRollout() throws Exception {
        deploy(EngineTests.spec(project, "fixed", 2, APP_IMAGE, ""));
        JsonNode v1 = awaitStatus(d, project, "fixed", "ready", READY);

        deploy(EngineTests.spec(project, "fixed", 2, APP_IMAGE, "env:\n  EXIT_AFTER: \"0\"\n"));
        JsonNode stuck = await(d, path("fixed"), READY, json -> "degraded".equals(json.get("deployment").get("status").asText()));
        long serving = pods(stuck).stream().filter(p -> p.get("ready").asBoolean()).count();
        assertEquals(2, serving, "both old pods keep serving while the new one fails: " + stuck);
        assertTrue(stuck.get("deployment").get("message").asText().contains("exited with code 1"), stuck.toString());

        deploy(EngineTests.spec(project, "fixed", 2, APP_IMAGE, "env:\n  VERSION: \"3\"\n"));
        JsonNode done = await(d, path("fixed"), READY, json -> "ready".equals(json.get("deployment").get("status").asText())
                && pods(json).size() == 2 && DeployApiTest.containerIds(json).stream().noneMatch(DeployApiTest.containerIds(v1)::contains));
        assertEquals(2, EngineTests.containers(d.daemon.runtime().get(), project, "fixed").size(), "nothing left over: " + done);
        assertEquals(204, d.delete(path("fixed")).status());
    }
}
