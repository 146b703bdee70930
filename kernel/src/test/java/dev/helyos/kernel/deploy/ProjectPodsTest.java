package dev.helyos.kernel.deploy;

import static dev.helyos.kernel.deploy.EngineTests.IMAGE;
import static dev.helyos.kernel.deploy.EngineTests.awaitStatus;
import static dev.helyos.kernel.deploy.EngineTests.containers;
import static dev.helyos.kernel.deploy.EngineTests.pods;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helyos.kernel.TestDaemon;
import dev.helyos.plugin.api.ContainerRuntime;
import dev.helyos.plugin.api.PodState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Suspending, resuming and deleting a project act on its pods. */
class ProjectPodsTest {
    private static final Duration READY = Duration.ofSeconds(30);

    @Test
    void suspendStopsEveryPodResumeStartsThemAndForcedDeleteRemovesThem(@TempDir Path home) throws Exception {
        String project = EngineTests.uniqueProject("pp");
        try (TestDaemon d = TestDaemon.start(home, null, Map.of("DOCKER_HOST", EngineTests.dockerHost()))) {
            assertEquals(201, d.post("/api/v1/projects", "{\"name\":\"" + project + "\"}").status());
            assertEquals(201, d.post("/api/v1/deploy", EngineTests.spec(project, "api", 2, IMAGE, ""), "application/yaml").status());
            assertEquals(201, d.post("/api/v1/deploy", EngineTests.spec(project, "worker", 1, IMAGE, ""), "application/yaml").status());
            var ids = DeployApiTest.containerIds(awaitStatus(d, project, "api", "ready", READY));
            awaitStatus(d, project, "worker", "ready", READY);
            ContainerRuntime runtime = d.daemon.runtime().get();

            assertEquals(200, d.post("/api/v1/projects/" + project + "/suspend", "").status());
            EngineTests.await(d, "/api/v1/pods?project=" + project, READY,
                    json -> json.size() == 3 && allStatus(json, "stopped"));
            for (PodState pod : runtime.list(Map.of("helyos.project", project))) {
                assertFalse(pod.running(), pod.name() + " is stopped on the engine");
            }
            JsonNode suspended = d.get("/api/v1/deployments/" + project + "/api").json().get("deployment");
            assertEquals("stopped", suspended.get("status").asText());
            assertEquals("project " + project + " is suspended", suspended.get("message").asText());

            assertEquals(200, d.post("/api/v1/projects/" + project + "/resume", "").status());
            JsonNode resumed = awaitStatus(d, project, "api", "ready", READY);
            assertEquals(ids, DeployApiTest.containerIds(resumed), "the same containers start again");
            pods(resumed).forEach(p -> assertEquals(0, p.get("restart_count").asInt()));
            awaitStatus(d, project, "worker", "ready", READY);

            var refused = d.delete("/api/v1/projects/" + project);
            assertEquals(409, refused.status());
            assertEquals("project '" + project + "' has 2 deployments; remove them first, or delete with force", refused.error());
            assertEquals(3, runtime.list(Map.of("helyos.project", project)).size(), "a refused delete touches nothing");

            assertEquals(200, d.delete("/api/v1/projects/" + project + "?force=true").status());
            assertEquals(List.of(), containers(runtime, project, "api"), "the forced delete waited for the pods to go");
            assertEquals(List.of(), containers(runtime, project, "worker"));
            EngineTests.awaitNetworkGone(PodNames.network(project), READY);
            assertNotEquals(200, d.get("/api/v1/projects/" + project).status());
        }
    }

    private static boolean allStatus(JsonNode pods, String status) {
        for (JsonNode pod : pods) {
            if (!status.equals(pod.get("status").asText())) {
                return false;
            }
        }
        return true;
    }
}
