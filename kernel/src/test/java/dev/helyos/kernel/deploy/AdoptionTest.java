package dev.helyos.kernel.deploy;

import static dev.helyos.kernel.deploy.EngineTests.IMAGE;
import static dev.helyos.kernel.deploy.EngineTests.awaitStatus;
import static dev.helyos.kernel.deploy.EngineTests.containers;
import static dev.helyos.kernel.deploy.EngineTests.fetch;
import static dev.helyos.kernel.deploy.EngineTests.pods;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helyos.kernel.TestDaemon;
import dev.helyos.plugin.api.ContainerRuntime;
import dev.helyos.plugin.api.PodSpec;
import dev.helyos.plugin.api.PodState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A restarted daemon adopts its pods from their labels: no duplicates, no orphans. */
class AdoptionTest {
    private static final Duration READY = Duration.ofSeconds(30);

    @Test
    void aRestartedDaemonAdoptsItsPodsAndRemovesWhatNoDeploymentOwns(@TempDir Path home, @TempDir Path neighbourHome)
            throws Exception {
        String project = EngineTests.uniqueProject("ad");
        Map<String, String> env = Map.of("DOCKER_HOST", EngineTests.dockerHost());
        Set<String> before;
        String neighbourPod;
        String token;
        TestDaemon neighbour = TestDaemon.start(neighbourHome, null, env);
        String neighbourToken = neighbour.token();
        try {
            // another daemon on the same engine: its pods are none of ours to adopt or remove
            String other = EngineTests.uniqueProject("nb");
            assertEquals(201, neighbour.post("/api/v1/projects", "{\"name\":\"" + other + "\"}").status());
            assertEquals(201, neighbour.post("/api/v1/deploy", EngineTests.spec(other, "web", 1, IMAGE, ""), "application/yaml").status());
            neighbourPod = pods(awaitStatus(neighbour, other, "web", "ready", READY)).getFirst().get("container_id").asText();

            try (TestDaemon first = TestDaemon.start(home, null, env)) {
                token = first.token();
                assertEquals(201, first.post("/api/v1/projects", "{\"name\":\"" + project + "\"}").status());
                assertEquals(201, first.post("/api/v1/deploy", EngineTests.spec(project, "web", 2, IMAGE, ""), "application/yaml").status());
                JsonNode ready = awaitStatus(first, project, "web", "ready", READY);
                before = DeployApiTest.containerIds(ready);

                // what a crash can leave: a pod of a deployment that is gone, and a replaced pod not yet removed
                ContainerRuntime runtime = first.daemon.runtime().get();
                PodState web0 = containers(runtime, project, "web").stream()
                        .filter(p -> p.name().endsWith("-web-0")).findFirst().orElseThrow();
                runtime.create(leftover(web0, "helyos-" + project + "-ghost-0", "ghost"));
                runtime.create(leftover(web0, PodNames.retired(project, "web", 0, "0123456789abcdef"), "web"));
            }
            // the pods keep running while no daemon runs

            try (TestDaemon second = TestDaemon.start(home, null, env).withToken(token)) {
                JsonNode adopted = awaitStatus(second, project, "web", "ready", READY);
                assertEquals(before, DeployApiTest.containerIds(adopted), "the same containers, adopted");
                ContainerRuntime runtime = second.daemon.runtime().get();
                EngineTests.await(second, "/api/v1/pods?project=" + project, READY, json -> json.size() == 2);
                List<PodState> web = containers(runtime, project, "web");
                assertEquals(2, web.size(), "no duplicate: " + web.stream().map(PodState::name).toList());
                assertEquals(List.of(), containers(runtime, project, "ghost"), "the pod nobody owns is removed");
                for (JsonNode pod : pods(adopted)) {
                    assertEquals(0, pod.get("restart_count").asInt());
                    assertNotNull(fetch(pod.get("ports").get("8080").asInt()));
                }
                assertTrue(runtime.inspect(neighbourPod).orElseThrow().running(), "the other daemon's pod is untouched");
                EngineTests.closeAndRemove(second, project);
            }
        } finally {
            neighbour.close();
        }
        // closeAndRemove of the neighbour's project is not needed: its data dir goes, its pod with it below
        try (TestDaemon again = TestDaemon.start(neighbourHome, null, env).withToken(neighbourToken)) {
            for (JsonNode p : again.get("/api/v1/projects").json()) {
                if (!p.get("name").asText().equals("default")) {
                    EngineTests.closeAndRemove(again, p.get("name").asText());
                }
            }
        }
    }

    /** A container labelled as one of this daemon's pods, like {@code model}, for {@code deployment}. */
    private static PodSpec leftover(PodState model, String name, String deployment) {
        Map<String, String> labels = new HashMap<>(model.labels());
        labels.put(PodNames.DEPLOYMENT, deployment);
        labels.put(PodNames.INDEX, "0");
        return new PodSpec(name, IMAGE, Map.of(), List.of(8080), labels, null, 0, 0, List.of());
    }
}
