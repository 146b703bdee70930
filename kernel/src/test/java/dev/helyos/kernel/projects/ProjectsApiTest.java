package dev.helyos.kernel.projects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helyos.kernel.TestDaemon;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectsApiTest {
    @TempDir
    Path home;

    @Test
    void projectsCanBeCreatedListedSuspendedResumedAndDeleted() {
        try (TestDaemon d = TestDaemon.start(home)) {
            assertEquals("default", d.get("/api/v1/projects").json().get(0).get("name").asText(), "the default project exists");
            var created = d.post("/api/v1/projects", "{\"name\":\"shop\"}");
            assertEquals(201, created.status(), created.body());
            assertEquals("active", created.json().get("state").asText());
            assertEquals(409, d.post("/api/v1/projects", "{\"name\":\"shop\"}").status());
            assertEquals("suspended", d.post("/api/v1/projects/shop/suspend", "{}").json().get("state").asText());
            assertEquals("suspended", d.get("/api/v1/projects/shop").json().get("state").asText());
            assertEquals("active", d.post("/api/v1/projects/shop/resume", "{}").json().get("state").asText());
            assertEquals(200, d.delete("/api/v1/projects/shop").status());
            var gone = d.get("/api/v1/projects/shop");
            assertEquals(404, gone.status());
            assertEquals("project 'shop' not found", gone.error());
            var keepDefault = d.delete("/api/v1/projects/default");
            assertEquals(409, keepDefault.status());
        }
    }

    @Test
    void badProjectNamesNameTheRule() {
        try (TestDaemon d = TestDaemon.start(home)) {
            var upper = d.post("/api/v1/projects", "{\"name\":\"Shop\"}");
            assertEquals(422, upper.status());
            assertEquals("project must be DNS-safe: start with [a-z0-9], then [a-z0-9-] only (got 'Shop')", upper.error());
            for (String bad : new String[] {"-shop", "shop_1", "../etc", "a b", "x".repeat(64), "shop;rm"}) {
                var reply = d.post("/api/v1/projects", "{\"name\":\"" + bad + "\"}");
                assertEquals(422, reply.status(), bad);
                assertTrue(reply.error().startsWith("project must be DNS-safe"), reply.body());
            }
            assertEquals("project is required", d.post("/api/v1/projects", "{}").error());
            assertEquals(1, d.get("/api/v1/projects").json().size(), "nothing was created");
        }
    }

    @Test
    void secretsAreSealedListedByNameOnlyAndNeverReturned() throws Exception {
        String value = "s3cr3t-value-" + System.nanoTime();
        try (TestDaemon d = TestDaemon.start(home)) {
            assertEquals(201, d.post("/api/v1/projects", "{\"name\":\"shop\"}").status());
            assertEquals(200, d.post("/api/v1/projects/shop/secrets/DB_PASSWORD", "{\"value\":\"" + value + "\"}").status());
            assertEquals(200, d.post("/api/v1/projects/shop/secrets/API_KEY", "{\"value\":\"x\"}").status());
            assertEquals("[\"API_KEY\",\"DB_PASSWORD\"]", d.get("/api/v1/projects/shop/secrets").body(), "names, as the original API");
            var list = d.get("/api/v1/projects/shop/secrets?detail=true");
            assertEquals("[{\"name\":\"API_KEY\"},{\"name\":\"DB_PASSWORD\"}]", list.body());
            for (String path : new String[] {"/api/v1/projects/shop/secrets", "/api/v1/projects/shop", "/api/v1/projects"}) {
                assertFalse(d.get(path).body().contains(value), path);
            }
            var badName = d.post("/api/v1/projects/shop/secrets/1BAD", "{\"value\":\"x\"}");
            assertEquals(422, badName.status());
            assertTrue(badName.error().startsWith("secret name must be an environment variable name"), badName.body());
            var huge = d.post("/api/v1/projects/shop/secrets/BIG", "{\"value\":\"" + "x".repeat(70_000) + "\"}");
            assertEquals(422, huge.status());
            assertTrue(huge.error().startsWith("value must be at most 65536 bytes"), huge.body());
            assertEquals(422, d.post("/api/v1/projects/shop/secrets/NOVALUE", "{}").status());
            assertEquals(422, d.post("/api/v1/projects/shop/secrets/NUM", "{\"value\":5}").status());
            assertEquals("project 'nope' not found", d.post("/api/v1/projects/nope/secrets/A", "{\"value\":\"x\"}").error());
            assertEquals(204, d.delete("/api/v1/projects/shop/secrets/API_KEY").status());
            assertEquals("secret 'API_KEY' not found in project 'shop'", d.delete("/api/v1/projects/shop/secrets/API_KEY").error());
            var deleted = d.delete("/api/v1/projects/shop");
            assertEquals(200, deleted.status(), "a project without deployments is deleted with its secrets");
            assertEquals("shop", deleted.json().get("name").asText());
            assertTrue(deleted.json().get("deleted").asBoolean());
            assertEquals(201, d.post("/api/v1/projects", "{\"name\":\"shop\"}").status());
            assertEquals("[]", d.get("/api/v1/projects/shop/secrets").body(), "its secrets went with it");
        }
        String raw = new String(Files.readAllBytes(home.resolve("data/state.db")), StandardCharsets.ISO_8859_1);
        assertFalse(raw.contains(value), "the secret value is never stored in plaintext");
    }
}
