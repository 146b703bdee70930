package dev.helyos.kernel.deploy;

import static dev.helyos.kernel.deploy.EngineTests.IMAGE;
import static dev.helyos.kernel.deploy.EngineTests.awaitStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helyos.kernel.TestDaemon;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scripts written against the original Helyos API keep working: its paths, statuses and shapes. */
class OriginalApiTest {
    @TempDir
    Path home;

    @Test
    void theOriginalPathsReachTheSameDeploymentsAndSecrets() throws Exception {
        String project = EngineTests.uniqueProject("orig");
        try (TestDaemon d = TestDaemon.start(home, null, Map.of("DOCKER_HOST", EngineTests.dockerHost()))) {
            String base = "/api/v1/projects/" + project;
            assertEquals(201, d.post("/api/v1/projects", "{\"name\":\"" + project + "\"}").status());
            assertEquals(200, d.post(base + "/secrets/DB_PASS", "{\"value\":\"x\"}").status());
            assertEquals("[\"DB_PASS\"]", d.get(base + "/secrets").body());
            assertEquals(201, d.post("/api/v1/deploy", EngineTests.spec(project, "api", 1, IMAGE, "secrets: [DB_PASS]\n"),
                    "application/yaml").status());
            awaitStatus(d, project, "api", "ready", Duration.ofSeconds(60));

            JsonNode list = d.get(base + "/deployments").json();
            assertEquals("api", list.get(0).get("name").asText(), list.toString());
            assertEquals(d.get("/api/v1/deployments?project=" + project).body(), d.get(base + "/deployments").body(),
                    "the same answer on both paths");
            JsonNode detail = d.get(base + "/deployments/api").json();
            assertEquals("api", detail.get("deployment").get("name").asText());

            var scaled = d.post(base + "/deployments/api/scale", "{\"replicas\":2}");
            assertEquals(200, scaled.status(), scaled.body());
            assertEquals(2, scaled.json().get("deployment").get("replicas").asInt());
            assertEquals(422, d.post(base + "/deployments/api/scale", "{\"replicas\":-1}").status());
            assertEquals(200, d.post(base + "/deployments/api/stop", "").status());
            assertEquals(200, d.post(base + "/deployments/api/start", "").status());
            assertEquals(200, d.get(base + "/deployments/api/logs?tail=1").status());

            var removed = d.delete(base + "/deployments/api");
            assertEquals(200, removed.status(), removed.body());
            assertTrue(removed.json().get("deleted").asBoolean());
            assertEquals(404, d.get(base + "/deployments/api").status());
            assertEquals(200, d.delete(base).status());
            assertEquals(404, d.get(base).status());
            assertEquals(401, d.send("GET", base + "/deployments", null, null).status(), "behind a token like the rest");
        }
    }
}
