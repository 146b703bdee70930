package dev.helyos.kernel.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helyos.kernel.TestDaemon;
import dev.helyos.kernel.deploy.EngineTests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every series the shipped Grafana dashboard (scripts/grafana/helyos.json) queries exists on a live
 * daemon's /metrics once it has done the work they count: a deploy, a proxy apply, a certificate
 * order (the internal issuer) and a renewal sweep.
 */
class DashboardMetricsTest {
    static final Path DASHBOARD = Path.of("..", "scripts", "grafana", "helyos.json").toAbsolutePath().normalize();
    private static final Pattern METRIC = Pattern.compile("\\bhelyos_[a-z_]+");

    @TempDir
    Path home;

    @Test
    void everyMetricTheDashboardQueriesIsServed() throws Exception {
        JsonNode dashboard = TestDaemon.JSON.readTree(Files.readString(DASHBOARD));
        Set<String> queried = new TreeSet<>();
        for (JsonNode expr : dashboard.findValues("expr")) {
            Matcher m = METRIC.matcher(expr.asText());
            while (m.find()) {
                queried.add(m.group());
            }
        }
        assertTrue(queried.size() >= 10, "the dashboard queries " + queried);

        String project = EngineTests.uniqueProject("dash");
        try (TestDaemon d = TestDaemon.start(home, null, Map.of("DOCKER_HOST", EngineTests.dockerHost()), "--cert-issuer", "internal")) {
            assertEquals(201, d.post("/api/v1/deploy", EngineTests.spec(project, "web", 1, EngineTests.IMAGE, ""), "application/yaml").status());
            String domain = "dash-" + project + ".test";
            var route = d.post("/api/v1/routes", "{\"domain\":\"" + domain + "\",\"project\":\"" + project
                    + "\",\"deployment\":\"web\",\"tls_mode\":\"auto\"}");
            assertEquals(201, route.status(), route.body());
            d.await("/api/v1/certs/" + domain, Duration.ofSeconds(60), cert -> cert.get("serial").isTextual());
            d.await("/api/v1/status", Duration.ofSeconds(10), s -> s.get("components").get(3).get("last_sweep").isTextual());
            d.await("/api/v1/deployments/" + project + "/web", Duration.ofSeconds(60),
                    detail -> detail.get("deployment").get("status").asText().equals("ready"));
            Thread.sleep(1100); // pods are counted at most once a second
            String metrics = d.send("GET", "/metrics", null, null).body();
            for (String name : queried) {
                assertTrue(Pattern.compile("(?m)^" + name + "[{ ]").matcher(metrics).find(), name + " is not on /metrics:\n" + metrics);
            }
            assertTrue(metrics.contains("helyos_acme_orders_total{ca=\"internal\",result=\"issued\"} 1.0"), metrics);
            assertTrue(metrics.contains("helyos_deploys_total{result=\"created\"} 1.0"), metrics);
            assertTrue(metrics.contains("helyos_pods{state=\"running\"} 1.0"), metrics);
            assertTrue(metrics.contains("helyos_pod_restarts_total 0.0"), metrics);
            assertTrue(Pattern.compile("helyos_proxy_applies_total\\{backend=\"traefik\",result=\"ok\"} [1-9]").matcher(metrics).find(), metrics);
            d.delete("/api/v1/projects/" + project + "?force=true");
        }
    }
}
