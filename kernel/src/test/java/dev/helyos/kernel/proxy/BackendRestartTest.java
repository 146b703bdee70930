package dev.helyos.kernel.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.helyos.kernel.TestDaemon;
import dev.helyos.kernel.deploy.EngineTests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Restarting with another --proxy-backend applies every stored route to the new backend. */
class BackendRestartTest {

    @Test
    void aRestartWithAnotherBackendServesEveryRoute(@TempDir Path home) throws Exception {
        String dockerHost = EngineTests.dockerHost();
        Path configDir = home.resolve("proxy");
        String project = "br" + UUID.randomUUID().toString().substring(0, 8);
        String domain = "restart-" + project + ".example.com";
        String token;
        try (TestDaemon traefik = TestDaemon.start(home, null, Map.of("DOCKER_HOST", dockerHost), "--proxy-config-dir",
                configDir.toString())) {
            token = traefik.token();
            assertEquals(201, traefik.post("/api/v1/projects", "{\"name\":\"" + project + "\"}").status());
            assertEquals(201, traefik.post("/api/v1/deploy", "project: " + project + "\ndeployment:\n  name: web\n"
                    + "image: helyos-test/busybox:1\nports: [8080]\n", "application/yaml").status());
            assertEquals(201, traefik.post("/api/v1/routes", "{\"domain\":\"" + domain + "\",\"project\":\"" + project
                    + "\",\"deployment\":\"web\"}").status());
            assertEquals("traefik", traefik.get("/api/v1/cluster/config/proxy").json().get("backend").asText(), "the default");
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (!(Files.exists(configDir.resolve("helyos-dynamic.yml"))
                    && Files.readString(configDir.resolve("helyos-dynamic.yml")).contains(domain))) {
                assertTrue(System.nanoTime() < deadline, "Traefik's file never named the route");
                Thread.sleep(50);
            }
        }
        int httpPort = NginxRoutingTest.freePort();
        try (TestDaemon nginx = TestDaemon.start(home, null, Map.of("DOCKER_HOST", dockerHost), "--proxy-backend", "nginx",
                "--proxy-manage", "--proxy-http-port", Integer.toString(httpPort), "--proxy-https-port",
                Integer.toString(NginxRoutingTest.freePort()), "--proxy-opt", "address=127.0.0.1", "--proxy-config-dir",
                configDir.toString()).withToken(token)) {
            // Until the restarted daemon has probed the pod, nginx answers 503; and for a moment after a
            // reload an old worker may still answer with the configuration before it. So: wait for the page.
            awaitPage(httpPort, domain);
            assertTrue(Files.exists(configDir.resolve("helyos-" + domain + ".conf")));
            assertEquals("nginx", nginx.get("/api/v1/cluster/config/proxy").json().get("backend").asText());
            nginx.delete("/api/v1/projects/" + project + "?force=true");
        }
    }

    private static void awaitPage(int port, String domain) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                var response = NginxRoutingTest.get(port, domain);
                if (response.status() == 200 && response.body().contains("helyos test page")) {
                    return;
                }
                last = response.body();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(100);
        }
        fail("nginx never served the deployment's page for " + domain + "; last answer: " + last);
    }
}
