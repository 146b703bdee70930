package dev.helyos.kernel.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helyos.kernel.TestDaemon;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every route the server registers is behind a bearer token, except the few public ones. */
class ApiAuthTest {
    private static final Set<String> PUBLIC = Set.of("GET /health", "GET /health/ready", "GET /api/v1/version", "GET /api/v1/ca");
    /** Public on a loopback daemon like this one; behind a token elsewhere (MetricsAccessTest). */
    private static final Set<String> METRICS = Set.of("GET /metrics");

    @TempDir
    static Path home;
    static TestDaemon d;

    @BeforeAll
    static void start() {
        d = TestDaemon.start(home);
    }

    @AfterAll
    static void stop() {
        d.close();
    }

    private static List<Api.Endpoint> endpoints() {
        return d.daemon.api().endpoints();
    }

    private static String concrete(String template) {
        return template.replaceAll("\\{[^}]+}", "some-name");
    }

    @Test
    void onlyTheDocumentedRoutesArePublic() {
        Set<String> publicRoutes = endpoints().stream().filter(e -> e.access() == Api.Access.PUBLIC)
                .map(e -> e.method() + " " + e.path()).collect(Collectors.toSet());
        assertEquals(PUBLIC, publicRoutes, "adding a public route is a security decision: update this test on purpose");
        Set<String> metricsRoutes = endpoints().stream().filter(e -> e.access() == Api.Access.METRICS)
                .map(e -> e.method() + " " + e.path()).collect(Collectors.toSet());
        assertEquals(METRICS, metricsRoutes);
        assertTrue(endpoints().size() > PUBLIC.size(), "the server registers authenticated routes");
    }

    @Test
    void everyOtherRegisteredRouteAnswers401WithoutAValidToken() {
        List<String> garbage = List.of("", "Bearer", "Bearer ", "Basic YWRtaW46YWRtaW4=", "Bearer nxa-api_" + "0".repeat(64),
                "Bearer " + "x".repeat(5000), "Bearer \u00e9\u00e8\u00ea", "Token " + d.token(), d.token(),
                "Bearer " + d.token() + "x", "Bearer " + d.token().substring(0, 40));
        for (Api.Endpoint e : endpoints()) {
            if (e.access() != Api.Access.TOKEN) {
                continue;
            }
            String path = concrete(e.path());
            String body = e.method().equals("POST") ? "{}" : null;
            var none = d.send(e.method(), path, body, null);
            assertEquals(401, none.status(), e.method() + " " + path + " without a token");
            assertEquals("missing or invalid bearer token", none.error());
            for (String header : garbage) {
                var reply = d.sendWithHeader(e.method(), path, body, header);
                assertEquals(401, reply.status(), e.method() + " " + path + " with Authorization: " + abbreviate(header));
                assertEquals("missing or invalid bearer token", reply.error());
            }
        }
    }

    @Test
    void publicRoutesAnswerWithoutAToken() {
        for (Api.Endpoint e : endpoints()) {
            if (e.access() == Api.Access.TOKEN) {
                continue;
            }
            var reply = d.send(e.method(), e.path(), null, null);
            int expected = e.path().equals("/api/v1/ca") ? 404 : 200; // no CA on a plain-HTTP daemon
            if (e.path().equals("/health/ready") && reply.status() == 503) {
                continue; // the proxy's first apply may still run; ReadinessTest waits for it
            }
            assertEquals(expected, reply.status(), e.path() + ": " + reply.body());
        }
        assertEquals("v1", d.get("/api/v1/version").json().get("api").asText());
        assertEquals("no self-signed CA (TLS off or BYO cert)", d.send("GET", "/api/v1/ca", null, null).error());
    }

    @Test
    void unknownApiPathsNeedATokenBeforeTheyAnswer404Or405() {
        assertEquals(401, d.send("GET", "/api/v1/no-such-thing", null, null).status());
        var notFound = d.get("/api/v1/no-such-thing");
        assertEquals(404, notFound.status());
        assertTrue(notFound.contentType().startsWith("application/json"));
        assertEquals(405, d.send("PUT", "/api/v1/tokens", "{}", d.token()).status());
        assertEquals(401, d.send("PUT", "/api/v1/tokens", "{}", null).status());
        assertEquals(404, d.send("GET", "/nope", null, null).status());
    }

    @Test
    void pathTricksDoNotReachAuthenticatedRoutesWithoutAToken() {
        for (String path : List.of("/api/v1/version/../tokens", "/api/v1/./tokens", "//api/v1/tokens", "/api/v1/tokens/",
                "/api/v1/TOKENS", "/api/v1/%74okens", "/api/v1/ca/../whoami")) {
            var reply = d.send("GET", path, null, null);
            assertTrue(reply.status() == 401 || reply.status() == 404 || reply.status() == 400,
                    path + " answered " + reply.status() + ": " + reply.body());
            assertFalse(reply.body().contains("created_at"), path + " leaked data: " + reply.body());
        }
    }

    @Test
    void readScopeTokensCanOnlyRead() {
        String reader = d.post("/api/v1/tokens", "{\"name\":\"reader\",\"scope\":\"read\"}").json().get("token").asText();
        assertEquals(200, d.send("GET", "/api/v1/tokens", null, reader).status());
        var denied = d.send("POST", "/api/v1/tokens", "{\"name\":\"sneaky\"}", reader);
        assertEquals(403, denied.status());
        assertTrue(denied.error().contains("scope 'read'"), denied.body());
        assertEquals(403, d.send("DELETE", "/api/v1/tokens/admin", null, reader).status());
        assertEquals(204, d.delete("/api/v1/tokens/reader").status());
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
