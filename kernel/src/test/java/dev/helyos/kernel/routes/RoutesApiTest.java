package dev.helyos.kernel.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helyos.kernel.TestDaemon;
import dev.helyos.kernel.deploy.EngineTests;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The routes API: validation before anything is stored, the spec's network block, removal. */
class RoutesApiTest {
    static final String IMAGE = "helyos-test/busybox:1";

    @TempDir
    static Path home;
    static TestDaemon d;
    static String project;

    @BeforeAll
    static void start() {
        String dockerHost = EngineTests.dockerHost();
        d = TestDaemon.start(home, null, Map.of("DOCKER_HOST", dockerHost), "--acme-email", "ops@example.com",
                "--proxy-config-dir", home.resolve("proxy").toString());
        project = "rt" + UUID.randomUUID().toString().substring(0, 8);
        assertEquals(201, d.post("/api/v1/projects", "{\"name\":\"" + project + "\"}").status());
        deploy("api", "ports: [8080]\n");
        deploy("quiet", "");
    }

    @AfterAll
    static void cleanUp() {
        if (d != null) {
            d.delete("/api/v1/projects/" + project + "?force=true");
            d.close();
        }
    }

    private static void deploy(String name, String extra) {
        var reply = d.post("/api/v1/deploy", "project: " + project + "\ndeployment:\n  name: " + name + "\nimage: " + IMAGE
                + "\n" + extra, "application/yaml");
        assertTrue(reply.status() == 201 || reply.status() == 200, reply.body());
    }

    private static TestDaemon.Reply add(String domain, String deployment, String tlsMode) {
        String tls = tlsMode == null ? "" : ",\"tls_mode\":\"" + tlsMode + "\"";
        return d.post("/api/v1/routes", "{\"domain\":" + TestDaemon.JSON.valueToTree(domain) + ",\"project\":\"" + project
                + "\",\"deployment\":\"" + deployment + "\"" + tls + "}");
    }

    @Test
    void addListAndRemoveARoute() {
        String domain = project + ".example.com";
        var created = add(domain, "api", null);
        assertEquals(201, created.status(), created.body());
        JsonNode route = created.json();
        assertEquals(domain, route.get("domain").asText());
        assertEquals(project, route.get("project").asText());
        assertEquals("api", route.get("deployment").asText());
        assertEquals("none", route.get("tls_mode").asText());
        assertTrue(route.get("created_at").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), route.toString());

        var same = add(domain, "api", null);
        assertEquals(200, same.status(), "adding the same route again changes nothing: " + same.body());
        assertEquals(route.get("created_at").asText(), same.json().get("created_at").asText());
        assertEquals(200, add(domain.toUpperCase(), "api", null).status(), "the same domain in capitals is the same route");
        var different = add(domain, "api", "auto");
        assertEquals(409, different.status());
        assertEquals("route already exists: " + domain + " (to " + project + "/api, TLS none)", different.error());

        assertEquals(201, add("a-" + domain, "api", "auto").status());
        JsonNode listed = d.get("/api/v1/routes?project=" + project).json();
        assertEquals(List.of("a-" + domain, domain), Stream.of(listed.get(0), listed.get(1)).map(r -> r.get("domain").asText()).toList(),
                "sorted by domain");
        assertEquals("auto", listed.get(0).get("tls_mode").asText());

        var removed = d.delete("/api/v1/routes/" + domain);
        assertEquals(200, removed.status());
        assertEquals(domain, removed.json().get("domain").asText());
        var again = d.delete("/api/v1/routes/" + domain);
        assertEquals(404, again.status());
        assertEquals("route not found: " + domain, again.error());
        assertEquals(200, d.get("/api/v1/deployments/" + project + "/api").status(), "removing a route never touches the deployment");
        assertEquals(200, d.delete("/api/v1/routes/a-" + domain).status());
    }

    @Test
    void badDomainsAreRejectedNamingTheFieldAndNothingIsStored() {
        for (String bad : List.of("", " ", "a.example.com;} server {", "../../etc/x", "a.example.com/path", "a.example.com:8080",
                "*.example.com", "a b.example.com", "\"a.example.com\"", "a{b}.example.com", "a.example.com\nserver",
                "localhost", "-a.example.com", "a..example.com", "1.2.3.4", "x".repeat(64) + ".example.com",
                ("a".repeat(60) + ".").repeat(5) + "com")) {
            var reply = add(bad, "api", null);
            assertEquals(422, reply.status(), bad + " → " + reply.body());
            assertTrue(reply.error().startsWith("domain '"), reply.error());
        }
        var wrongType = d.post("/api/v1/routes", "{\"domain\":5,\"project\":\"" + project + "\",\"deployment\":\"api\"}");
        assertEquals(422, wrongType.status());
        assertEquals("domain must be a string, got an integer", wrongType.error());
        assertEquals(400, d.post("/api/v1/routes", "{\"domain\":\"x.example.com\",\"projekt\":\"p\"}").status());
        assertEquals(400, d.post("/api/v1/routes", "{not json").status());
        assertEquals(0, d.get("/api/v1/routes?project=" + project).json().size());
    }

    @Test
    void projectDeploymentAndTlsModeAreChecked() {
        String domain = "chk-" + project + ".example.com";
        assertEquals("deployment 'nope' not found in project '" + project + "'", add(domain, "nope", null).error());
        assertEquals("deployment 'quiet' has no ports to route to; add one to its spec's ports", add(domain, "quiet", null).error());
        var noProject = d.post("/api/v1/routes", "{\"domain\":\"" + domain + "\",\"project\":\"nope-" + project + "\",\"deployment\":\"api\"}");
        assertEquals(404, noProject.status());
        assertEquals(422, add(domain, "api", "sometimes").status());
        assertEquals(422, add(domain, "api", "manual").status());
        assertEquals(404, d.get("/api/v1/routes/" + domain).status());
    }

    @Test
    void autoTlsNeedsAnAcmeEmail(@TempDir Path other) {
        try (TestDaemon plain = TestDaemon.start(other, null, Map.of("DOCKER_HOST", System.getenv("DOCKER_HOST")))) {
            var reply = plain.post("/api/v1/routes", "{\"domain\":\"x.example.com\",\"project\":\"default\",\"deployment\":\"x\",\"tls_mode\":\"auto\"}");
            assertEquals(422, reply.status());
            assertEquals("TLS mode 'auto' requires an ACME email; start helyosd with --acme-email", reply.error());
        }
    }

    @Test
    void theSpecsNetworkBlockCreatesTheRouteAndRemovingTheDeploymentRemovesIt() {
        String domain = "spec-" + project + ".example.com";
        deploy("web", "ports: [8080]\nnetwork:\n  public: true\n  domain: " + domain + "\n  https: true\n");
        JsonNode route = d.get("/api/v1/routes/" + domain).json();
        assertEquals("web", route.get("deployment").asText());
        assertEquals("auto", route.get("tls_mode").asText());

        var taken = d.post("/api/v1/deploy", "project: " + project + "\ndeployment:\n  name: other\nimage: " + IMAGE
                + "\nports: [8080]\nnetwork:\n  public: true\n  domain: " + domain + "\n", "application/yaml");
        assertEquals(409, taken.status());
        assertEquals(404, d.get("/api/v1/deployments/" + project + "/other").status(), "a refused deploy stores nothing");

        assertEquals(204, d.delete("/api/v1/deployments/" + project + "/web").status());
        assertEquals(404, d.get("/api/v1/routes/" + domain).status());
    }

}
