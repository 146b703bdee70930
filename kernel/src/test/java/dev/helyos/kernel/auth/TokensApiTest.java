package dev.helyos.kernel.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helyos.kernel.TestDaemon;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokensApiTest {
    @TempDir
    Path home;

    @Test
    void createListUseAndRevokeATokenWithImmediateEffect() throws Exception {
        try (TestDaemon d = TestDaemon.start(home)) {
            var created = d.post("/api/v1/tokens", "{\"name\":\"ci\",\"ttl_secs\":3600}");
            assertEquals(201, created.status(), created.body());
            JsonNode c = created.json();
            String secret = c.get("token").asText();
            assertTrue(secret.matches("nxa-api_[0-9a-f]{64}"), secret);
            assertEquals("ci", c.get("name").asText());
            assertEquals("admin", c.get("scope").asText());
            Instant createdAt = Instant.parse(c.get("created_at").asText());
            assertEquals(createdAt.plusSeconds(3600), Instant.parse(c.get("expires_at").asText()));

            var list = d.get("/api/v1/tokens");
            assertEquals(200, list.status());
            assertFalse(list.body().contains(secret), "the list never shows a secret");
            assertFalse(list.body().contains("argon2"), "the list never shows a hash");
            assertFalse(list.body().contains("\"token\""), list.body());
            assertEquals("admin", list.json().get(0).get("name").asText());
            assertEquals("ci", list.json().get(1).get("name").asText());

            var me = d.send("GET", "/api/v1/whoami", null, secret);
            assertEquals(200, me.status());
            assertEquals("ci", me.json().get("name").asText());
            assertFalse(me.json().get("last_used_at").isNull(), "last_used_at is recorded");
            assertTrue(me.json().has("expires_at"));

            assertEquals(204, d.delete("/api/v1/tokens/ci").status());
            assertEquals(401, d.send("GET", "/api/v1/whoami", null, secret).status(), "revocation takes effect at once");
            var again = d.delete("/api/v1/tokens/ci");
            assertEquals(404, again.status());
            assertEquals("no active token named 'ci'", again.error());
        }
    }

    @Test
    void expiredTokensStopWorkingAtTheirTtl() throws Exception {
        try (TestDaemon d = TestDaemon.start(home)) {
            String secret = d.post("/api/v1/tokens", "{\"name\":\"short\",\"ttl_secs\":1}").json().get("token").asText();
            assertEquals(200, d.send("GET", "/api/v1/whoami", null, secret).status());
            Thread.sleep(2100);
            assertEquals(401, d.send("GET", "/api/v1/whoami", null, secret).status(), "expired, even though verified before");
            assertFalse(d.get("/api/v1/tokens").body().contains("\"short\""), "expired tokens are not listed");
            assertEquals(201, d.post("/api/v1/tokens", "{\"name\":\"short\"}").status(), "an expired token's name can be reused");
        }
    }

    @Test
    void badTokenRequestsGetClearErrorsNamingTheField() throws Exception {
        try (TestDaemon d = TestDaemon.start(home)) {
            assertError(d.post("/api/v1/tokens", "{\"name\":\"  \"}"), 422, "token name must not be empty");
            assertError(d.post("/api/v1/tokens", "{}"), 422, "token name must not be empty");
            assertError(d.post("/api/v1/tokens", "{\"name\":\"../../etc\"}"), 422, "token name must be");
            assertError(d.post("/api/v1/tokens", "{\"name\":\"" + "a".repeat(100) + "\"}"), 422, "token name must be");
            assertError(d.post("/api/v1/tokens", "{\"name\":42}"), 422, "name must be a string");
            assertError(d.post("/api/v1/tokens", "{\"name\":\"x\",\"ttl_secs\":\"60\"}"), 422, "ttl_secs must be an integer");
            assertError(d.post("/api/v1/tokens", "{\"name\":\"x\",\"ttl_secs\":1.5}"), 422, "ttl_secs must be an integer");
            assertError(d.post("/api/v1/tokens", "{\"name\":\"x\",\"ttl_secs\":-5}"), 422, "ttl_secs must be between");
            assertError(d.post("/api/v1/tokens", "{\"name\":\"x\",\"ttl_secs\":99999999999999999999}"), 422, "ttl_secs must be an integer");
            assertError(d.post("/api/v1/tokens", "{\"name\":\"x\",\"scope\":\"root\"}"), 422, "scope must be one of admin, read");
            assertError(d.post("/api/v1/tokens", "{\"name\":\"x\",\"ttl_sec\":5}"), 400, "unknown field 'ttl_sec'");
            assertError(d.post("/api/v1/tokens", "{\"name\":"), 400, "request body is not valid JSON");
            assertError(d.post("/api/v1/tokens", "[1,2]"), 400, "request body must be a JSON object");
            assertError(d.post("/api/v1/tokens", ""), 400, "request body is empty");
            assertError(d.post("/api/v1/tokens", "{\"name\":\"x\"}garbage"), 400, "request body is not valid JSON");
            String huge = rawRequest(d, "POST /api/v1/tokens HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + d.token()
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + (2 * 1024 * 1024) + "\r\n\r\n");
            assertTrue(huge.startsWith("HTTP/1.1 413"), huge);
            assertTrue(huge.contains("{\"error\":\"request body exceeds 1048576 bytes\"}"), huge);

            assertEquals(201, d.post("/api/v1/tokens", "{\"name\":\"dup\"}").status());
            assertError(d.post("/api/v1/tokens", "{\"name\":\"dup\"}"), 409, "a token named 'dup' already exists");
            assertError(d.delete("/api/v1/tokens/nobody"), 404, "no active token named 'nobody'");
            assertEquals(2, d.get("/api/v1/tokens").json().size(), "failed requests stored nothing");
        }
    }

    @Test
    void theLastAdminTokenCannotBeRevoked() {
        try (TestDaemon d = TestDaemon.start(home)) {
            assertError(d.delete("/api/v1/tokens/admin"), 409, "last admin token");
            String second = d.post("/api/v1/tokens", "{\"name\":\"ops\"}").json().get("token").asText();
            assertEquals(204, d.delete("/api/v1/tokens/admin").status());
            assertEquals(401, d.get("/api/v1/whoami").status());
            assertEquals(200, d.send("GET", "/api/v1/whoami", null, second).status());
        }
    }

    @Test
    void secretsAreStoredOnlyAsArgon2idHashes() throws Exception {
        String secret;
        String bootstrap;
        try (TestDaemon d = TestDaemon.start(home)) {
            bootstrap = d.token();
            secret = d.post("/api/v1/tokens", "{\"name\":\"audit\"}").json().get("token").asText();
        }
        byte[] store = Files.readAllBytes(home.resolve("data/state.db"));
        String raw = new String(store, StandardCharsets.ISO_8859_1);
        assertFalse(raw.contains(secret.substring(8)), "token secret found in the store file");
        assertFalse(raw.contains(bootstrap.substring(8)), "bootstrap secret found in the store file");
        assertTrue(raw.contains("$argon2id$v=19$"), "tokens are stored as Argon2id PHC hashes");
    }

    @Test
    void bootstrapTokenIsGeneratedOncePrintedOnceAndWrittenToTheCliContext() throws Exception {
        String first;
        try (TestDaemon d = TestDaemon.start(home)) {
            assertTrue(d.output.contains("Generated new API token — save this, it will not be shown again:\n  HELYOS_API_TOKEN=nxa-api_"),
                    d.output);
            first = d.token();
            Path config = home.resolve("config.toml");
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(config)));
            String toml = Files.readString(config);
            assertTrue(toml.contains("current-context = 'local'"), toml);
            assertTrue(toml.contains(first), toml);
            assertTrue(toml.contains("project = 'default'"), toml);
        }
        Files.writeString(home.resolve("config.toml"), "# mine\n");
        try (TestDaemon d = TestDaemon.start(home)) {
            assertFalse(d.output.contains("HELYOS_API_TOKEN="), "a stored token is not printed again: " + d.output);
            assertEquals(200, d.withToken(first).get("/api/v1/whoami").status());
            assertEquals("# mine\n", Files.readString(home.resolve("config.toml")), "an existing CLI config is left alone");
        }
    }

    @Test
    void configuredTokenFromFlagOrEnvironmentBecomesTheAdminToken() {
        String mine = "my-own-admin-token-0123456789";
        try (TestDaemon d = TestDaemon.start(home, null, java.util.Map.of(), "--api-token", mine)) {
            assertFalse(d.output.contains("HELYOS_API_TOKEN="), d.output);
            assertEquals(200, d.withToken(mine).get("/api/v1/whoami").status());
        }
        String rotated = "rotated-admin-token-9876543210";
        try (TestDaemon d = TestDaemon.start(home, null, java.util.Map.of("HELYOS_API_TOKEN", rotated))) {
            assertEquals(200, d.withToken(rotated).get("/api/v1/whoami").status());
            assertEquals(401, d.withToken(mine).get("/api/v1/whoami").status(), "the old configured token is replaced");
        }
    }

    /**
     * A request written by hand: an oversized body is refused from its Content-Length, before it is
     * sent, so a client that insists on sending it first races the server closing the connection.
     */
    private static String rawRequest(TestDaemon d, String head) throws java.io.IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", d.daemon.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void assertError(TestDaemon.Reply reply, int status, String message) {
        assertEquals(status, reply.status(), reply.body());
        assertTrue(reply.contentType().startsWith("application/json"), reply.contentType());
        String error = reply.error();
        assertTrue(error != null && error.contains(message), "expected '" + message + "' in " + reply.body());
        assertNotEquals("", error);
    }
}
