package dev.helyos.kernel.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helyos.kernel.TestDaemon;
import dev.helyos.plugin.api.ContainerRuntime;
import dev.helyos.plugin.api.PodState;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deployments against the real engine of DOCKER_HOST (scripts/test starts a private one and imports
 * {@value #IMAGE}). Each run uses its own project; every container and network of it is removed at the end.
 */
class DeployApiTest {
    static final String IMAGE = "helyos-test/busybox:1";

    @TempDir
    static Path home;
    static TestDaemon d;
    static String project;

    @BeforeAll
    static void start() {
        String dockerHost = System.getenv("DOCKER_HOST");
        if (dockerHost == null || dockerHost.isBlank()) {
            fail("DOCKER_HOST is not set: these tests need a real Docker engine; scripts/test starts a private one and sets it");
        }
        d = TestDaemon.start(home, null, Map.of("DOCKER_HOST", dockerHost));
        project = "dt" + UUID.randomUUID().toString().substring(0, 8);
        assertEquals(201, d.post("/api/v1/projects", "{\"name\":\"" + project + "\"}").status());
    }

    @AfterAll
    static void cleanUp() {
        if (d == null) {
            return;
        }
        try {
            ContainerRuntime runtime = d.daemon.runtime().get();
            for (PodState pod : runtime.list(Map.of("helyos.project", project))) {
                runtime.remove(pod.id());
            }
            runtime.removeNetwork(PodNames.network(project));
        } finally {
            d.close();
        }
    }

    private static String spec(String name, int replicas, String extra) {
        return "project: " + project + "\ndeployment:\n  name: " + name + "\nimage: " + IMAGE
                + "\nreplicas: " + replicas + "\nports: [8080]\n" + extra;
    }

    @Test
    void deploysReplicasThatServeTheirPageAndDeleteRemovesThem() throws Exception {
        var reply = d.post("/api/v1/deploy", spec("web", 3, "env:\n  GREETING: hi\n"), "application/yaml");
        assertEquals(201, reply.status(), reply.body());
        JsonNode pods = reply.json().get("pods");
        assertEquals(3, pods.size(), reply.body());
        for (int i = 0; i < 3; i++) {
            JsonNode pod = pods.get(i);
            assertEquals("helyos-" + project + "-web-" + i, pod.get("id").asText());
            assertEquals(i, pod.get("replica_index").asInt());
            assertEquals("running", pod.get("status").asText());
            assertEquals(project + "/web", pod.get("deployment_id").asText());
            assertTrue(fetch(pod.get("ports").get("8080").asInt()).contains("helyos test page"));
        }
        assertEquals(200, d.post("/api/v1/deploy", spec("web", 3, "env:\n  GREETING: hi\n"), "application/yaml").status(),
                "the same spec again is a no-op");

        var listed = d.get("/api/v1/deployments?project=" + project);
        assertEquals(200, listed.status());
        assertTrue(listed.body().contains("\"name\":\"web\""), listed.body());
        var one = d.get("/api/v1/deployments/" + project + "/web");
        assertEquals(200, one.status());
        assertEquals(IMAGE, one.json().get("deployment").get("spec").get("image").asText());
        assertEquals(3, d.get("/api/v1/pods?project=" + project).json().size());

        assertEquals(204, d.delete("/api/v1/deployments/" + project + "/web").status());
        assertEquals(List.of(), d.daemon.runtime().get().list(PodNames.deploymentLabels(project, "web")));
        assertEquals(404, d.get("/api/v1/deployments/" + project + "/web").status());
    }

    @Test
    void aChangedSpecReplacesThePods() {
        assertEquals(201, d.post("/api/v1/deploy", spec("app", 2, ""), "application/yaml").status());
        var changed = d.post("/api/v1/deploy", spec("app", 1, "env:\n  MODE: two\n"), "application/yaml");
        assertEquals(201, changed.status(), changed.body());
        assertEquals(1, changed.json().get("pods").size(), changed.body());
        assertEquals("running", changed.json().get("pods").get(0).get("status").asText());
        assertEquals(204, d.delete("/api/v1/deployments/" + project + "/app").status());
    }

    @Test
    void aMissingSecretIs422BeforeAnyContainerIsCreated() {
        var reply = d.post("/api/v1/deploy", spec("sec", 1, "secrets: [DB_PASSWORD]\n"), "application/yaml");
        assertEquals(422, reply.status(), reply.body());
        assertEquals("secret 'DB_PASSWORD' not found in project '" + project + "'", reply.error());
        assertEquals(List.of(), d.daemon.runtime().get().list(PodNames.deploymentLabels(project, "sec")));
        assertEquals(404, d.get("/api/v1/deployments/" + project + "/sec").status());
    }

    @Test
    void anUnknownProjectIs404NamingIt() {
        var reply = d.post("/api/v1/deploy", "{\"project\":\"nope-" + project + "\",\"deployment\":{\"name\":\"x\"},\"image\":\""
                + IMAGE + "\"}");
        assertEquals(404, reply.status(), reply.body());
        assertEquals("project 'nope-" + project + "' not found", reply.error());
    }

    @Test
    void secretsReachThePodEnvironment() {
        DeploymentSpec spec = DeploymentSpecParser.parse(spec("env", 2, "env:\n  A: one\nsecrets: [TOKEN]\n"));
        var pod = DeploymentService.podSpec(spec, Map.of("TOKEN", "s3cret"), 1);
        assertEquals(Map.of("A", "one", "TOKEN", "s3cret"), pod.env());
        assertEquals("helyos-" + project + "-env-1", pod.name());
        assertEquals("helyos-" + project, pod.network());
        assertEquals("1", pod.labels().get("helyos.index"));
        assertEquals("helyos", pod.labels().get("managed-by"));
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

    private static String fetch(int port) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return response.body();
                }
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("nothing answered on 127.0.0.1:" + port, e);
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no 200 from 127.0.0.1:" + port);
            }
            Thread.sleep(50);
        }
    }
}
