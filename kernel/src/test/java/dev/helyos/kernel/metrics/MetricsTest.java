package dev.helyos.kernel.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helyos.kernel.TestDaemon;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsTest {
    @TempDir
    Path home;

    @Test
    void requestsAreCountedAndTimedByRouteTemplateAndStatus() {
        try (TestDaemon d = TestDaemon.start(home)) {
            for (int i = 0; i < 3; i++) {
                d.get("/api/v1/whoami");
            }
            d.send("GET", "/api/v1/whoami", null, null);
            d.delete("/api/v1/tokens/ghost-" + System.nanoTime());
            var metrics = d.send("GET", "/metrics", null, null);
            assertEquals(200, metrics.status());
            assertTrue(metrics.contentType().startsWith("text/plain"), metrics.contentType());
            String text = metrics.body();
            assertEquals(3.0, count(text, "GET", "/api/v1/whoami", 200), text);
            assertEquals(1.0, count(text, "GET", "/api/v1/whoami", 401), text);
            assertEquals(1.0, count(text, "DELETE", "/api/v1/tokens/{name}", 404), "templates, not raw paths");
            assertFalse(text.contains("ghost-"), "raw paths never become labels");
            assertTrue(text.contains("helyos_http_requests_seconds_sum{method=\"GET\",route=\"/api/v1/whoami\",status=\"200\"}"), text);
            assertTrue(text.contains("helyos_http_requests_seconds_bucket{method=\"GET\",route=\"/api/v1/whoami\",status=\"200\",le=\"0.1\"}"), text);
            assertFalse(text.contains(d.token()), "no token in metrics");
        }
    }

    private static double count(String text, String method, String route, int status) {
        Matcher m = Pattern.compile("helyos_http_requests_seconds_count\\{method=\"" + method + "\",route=\"" + Pattern.quote(route)
                + "\",status=\"" + status + "\"} ([0-9.]+)").matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
