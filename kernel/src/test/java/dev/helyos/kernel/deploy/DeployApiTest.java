package dev.helyos.kernel.deploy;

import static dev.helyos.kernel.deploy.EngineTests.IMAGE;
import static dev.helyos.kernel.deploy.EngineTests.PAGE;
import static dev.helyos.kernel.deploy.EngineTests.awaitStatus;
import static dev.helyos.kernel.deploy.EngineTests.containers;
import static dev.helyos.kernel.deploy.EngineTests.fetch;
import static dev.helyos.kernel.deploy.EngineTests.pods;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helyos.kernel.TestDaemon;
import dev.helyos.plugin.api.PodState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deploy, list, scale, stop, start and remove deployments through the API, on the real engine. */
class DeployApiTest {
    private static final Duration READY = Duration.ofSeconds(30);

    @TempDir
    static Path home;
    static TestDaemon d;
    static String project;

    @BeforeAll
    static void start() {
        d = TestDaemon.start(home, null, Map.of("DOCKER_HOST", EngineTests.dockerHost()));
        project = EngineTests.uniqueProject("dt");
        assertEquals(201, d.post("/api/v1/projects", "{\"name\":\"" + project + "\"}").status());
    }

    @AfterAll
    static void cleanUp() {
        EngineTests.closeAndRemove(d, project);
    }

    private static String spec(String name, int replicas, String extra) {
        return EngineTests.spec(project, name, replicas, IMAGE, extra);
    }

    private static String path(String name) {
        return "/api/v1/deployments/" + project + "/" + name;
    }

    @Test
    void threeReplicasEachServeTheirPageAndDeleteRemovesThem() throws Exception {
        var reply = d.post("/api/v1/deploy", spec("web", 3, "env:\n  GREETING: hi\n"), "application/yaml");
        assertEquals(201, reply.status(), reply.body());
        assertEquals(3, reply.json().get("deployment").get("replicas").asInt());

        JsonNode ready = awaitStatus(d, project, "web", "ready", READY);
        assertEquals(3, ready.get("deployment").get("ready_replicas").asInt());
        List<JsonNode> pods = pods(ready);
        assertEquals(3, pods.size(), ready.toString());
        for (int i = 0; i < 3; i++) {
            JsonNode pod = pods.get(i);
            assertEquals("helyos-" + project + "-web-" + i, pod.get("id").asText());
            assertEquals(i, pod.get("replica_index").asInt());
            assertEquals("running", pod.get("status").asText());
            assertTrue(pod.get("ready").asBoolean());
            assertEquals(0, pod.get("restart_count").asInt());
            assertEquals(project + "/web", pod.get("deployment_id").asText());
            String page = fetch(pod.get("ports").get("8080").asInt());
            assertNotNull(page, "pod " + i + " answers on its published port");
            assertTrue(page.contains(PAGE));
        }
        var again = d.post("/api/v1/deploy", spec("web", 3, "env:\n  GREETING: hi\n"), "application/yaml");
        assertEquals(200, again.status(), "the same spec again is a no-op");
        assertEquals("ready", again.json().get("deployment").get("status").asText());

        var listed = d.get("/api/v1/deployments?project=" + project);
        assertEquals(200, listed.status());
        assertTrue(listed.body().contains("\"name\":\"web\""), listed.body());
        assertEquals(IMAGE, d.get(path("web")).json().get("deployment").get("spec").get("image").asText());
        assertTrue(d.get("/api/v1/pods?project=" + project).json().size() >= 3);

        assertEquals(204, d.delete(path("web")).status());
        assertEquals(List.of(), containers(d.daemon.runtime().get(), project, "web"), "delete waits for the pods to go");
        assertEquals(404, d.get(path("web")).status());
    }

    @Test
    void scaleThreeToOneToTwo() throws Exception {
        assertEquals(201, d.post("/api/v1/deploy", spec("scaled", 3, ""), "application/yaml").status());
        awaitStatus(d, project, "scaled", "ready", READY);

        var down = d.post(path("scaled") + "/scale", "{\"replicas\":1}");
        assertEquals(200, down.status(), down.body());
        assertEquals(1, down.json().get("deployment").get("replicas").asInt());
        JsonNode one = EngineTests.await(d, path("scaled"), READY,
                json -> json.get("pods").size() == 1 && "ready".equals(json.get("deployment").get("status").asText()));
        assertEquals("helyos-" + project + "-scaled-0", one.get("pods").get(0).get("id").asText());
        assertEquals(1, containers(d.daemon.runtime().get(), project, "scaled").size());

        assertEquals(200, d.post(path("scaled") + "/scale", "{\"replicas\":2}").status());
        JsonNode two = EngineTests.await(d, path("scaled"), READY,
                json -> json.get("pods").size() == 2 && "ready".equals(json.get("deployment").get("status").asText()));
        for (JsonNode pod : two.get("pods")) {
            assertNotNull(fetch(pod.get("ports").get("8080").asInt()), pod.toString());
        }
        assertEquals(204, d.delete(path("scaled")).status());
    }

    @Test
    void scaleRejectsBadCounts() {
        assertEquals(201, d.post("/api/v1/deploy", spec("badscale", 1, ""), "application/yaml").status());
        var negative = d.post(path("badscale") + "/scale", "{\"replicas\":-1}");
        assertEquals(422, negative.status());
        assertEquals("replicas must be between 0 and 100, got -1", negative.error());
        assertEquals(422, d.post(path("badscale") + "/scale", "{\"replicas\":101}").status());
        var text = d.post(path("badscale") + "/scale", "{\"replicas\":\"3\"}");
        assertEquals(422, text.status());
        assertEquals("replicas must be an integer, got a string", text.error());
        var unknown = d.post(path("badscale") + "/scale", "{\"replicas\":1,\"force\":true}");
        assertEquals(400, unknown.status(), unknown.body());
        assertTrue(unknown.error().contains("force"), unknown.error());
        assertEquals(422, d.post(path("badscale") + "/scale", "{}").status());
        assertEquals(404, d.post("/api/v1/deployments/" + project + "/nope/scale", "{\"replicas\":1}").status());
        assertEquals(1, d.get(path("badscale")).json().get("deployment").get("replicas").asInt(), "nothing changed");
        assertEquals(204, d.delete(path("badscale")).status());
    }

    @Test
    void stopKeepsTheDeploymentAndStartBringsItBack() throws Exception {
        assertEquals(201, d.post("/api/v1/deploy", spec("pausable", 2, ""), "application/yaml").status());
        JsonNode before = awaitStatus(d, project, "pausable", "ready", READY);
        Set<String> ids = containerIds(before);

        assertEquals(200, d.post(path("pausable") + "/stop", "").status());
        JsonNode stopped = EngineTests.await(d, path("pausable"), READY,
                json -> pods(json).stream().allMatch(p -> p.get("status").asText().equals("stopped")));
        assertEquals("stopped", stopped.get("deployment").get("status").asText());
        assertEquals("stopped", stopped.get("deployment").get("state").asText());
        for (PodState pod : containers(d.daemon.runtime().get(), project, "pausable")) {
            assertFalse(pod.running(), pod.name());
        }

        assertEquals(200, d.post(path("pausable") + "/start", "").status());
        JsonNode started = awaitStatus(d, project, "pausable", "ready", READY);
        assertEquals(ids, containerIds(started), "the same containers start again");
        for (JsonNode pod : pods(started)) {
            assertEquals(0, pod.get("restart_count").asInt(), "a stop on purpose is not a restart");
        }
        assertEquals(204, d.delete(path("pausable")).status());
    }

    @Test
    void aMissingSecretIs422BeforeAnythingIsStored() {
        var reply = d.post("/api/v1/deploy", spec("sec", 1, "secrets: [DB_PASSWORD]\n"), "application/yaml");
        assertEquals(422, reply.status(), reply.body());
        assertEquals("secret 'DB_PASSWORD' not found in project '" + project + "'", reply.error());
        assertEquals(List.of(), containers(d.daemon.runtime().get(), project, "sec"));
        assertEquals(404, d.get(path("sec")).status());
    }

    @Test
    void aMissingImageIs422BeforeAnythingIsStored() {
        var reply = d.post("/api/v1/deploy", EngineTests.spec(project, "noimg", 1, "helyos-test/absent:1", ""), "application/yaml");
        assertEquals(422, reply.status(), reply.body());
        assertTrue(reply.error().startsWith("image 'helyos-test/absent:1' is not in the container engine"), reply.error());
        assertEquals(404, d.get(path("noimg")).status());
    }

    @Test
    void aDeployNamingANewProjectCreatesItInTheSameCommit() throws Exception {
        String fresh = "new-" + project;
        var refused = d.post("/api/v1/deploy", EngineTests.spec(fresh, "noimg", 1, "helyos-test/absent:1", ""), "application/yaml");
        assertEquals(422, refused.status(), refused.body());
        assertEquals(404, d.get("/api/v1/projects/" + fresh).status(), "a refused deploy creates no project");
        var noSecret = d.post("/api/v1/deploy", EngineTests.spec(fresh, "sec", 1, IMAGE, "secrets: [DB_PASSWORD]\n"), "application/yaml");
        assertEquals("secret 'DB_PASSWORD' not found in project '" + fresh + "'", noSecret.error());
        assertEquals(404, d.get("/api/v1/projects/" + fresh).status());

        var created = d.post("/api/v1/deploy", "{\"project\":\"" + fresh + "\",\"deployment\":{\"name\":\"x\"},\"image\":\""
                + IMAGE + "\"}");
        assertEquals(201, created.status(), created.body());
        assertTrue(created.json().get("project_created").asBoolean(), created.body());
        assertEquals("active", d.get("/api/v1/projects/" + fresh).json().get("state").asText());
        awaitStatus(d, fresh, "x", "ready", READY);
        var again = d.post("/api/v1/deploy", "{\"project\":\"" + fresh + "\",\"deployment\":{\"name\":\"y\"},\"image\":\""
                + IMAGE + "\"}");
        assertEquals(201, again.status(), again.body());
        assertFalse(again.json().get("project_created").asBoolean(), "the project was there already");
        d.delete("/api/v1/projects/" + fresh + "?force=true");
    }

    @Test
    void withNoEngineADeployIs503SayingWhereItLooked(@TempDir Path other) {
        try (TestDaemon offline = TestDaemon.start(other, null, Map.of("DOCKER_HOST", "unix:///nonexistent/helyos-test.sock"))) {
            assertEquals(201, offline.post("/api/v1/projects", "{\"name\":\"p1\"}").status());
            var reply = offline.post("/api/v1/deploy", "{\"project\":\"p1\",\"deployment\":{\"name\":\"x\"},\"image\":\"" + IMAGE + "\"}");
            assertEquals(503, reply.status(), reply.body());
            assertTrue(reply.error().startsWith("no Docker engine answered at unix:///nonexistent/helyos-test.sock"), reply.error());
        }
    }

    static Set<String> containerIds(JsonNode detail) {
        Set<String> ids = new HashSet<>();
        pods(detail).forEach(p -> ids.add(p.get("container_id").asText()));
        return ids;
    }
}
