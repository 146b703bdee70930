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
            assertEquals(3.0, count(text, "GET", "/api/v1/whoami", "2xx"), text);
            assertEquals(1.0, count(text, "GET", "/api/v1/whoami", "4xx"), text);
            assertEquals(1.0, count(text, "DELETE", "/api/v1/tokens/{name}", "4xx"), "templates, not raw paths");
            assertFalse(text.contains("ghost-"), "raw paths never become labels");
            assertTrue(text.contains("helyos_http_requests_seconds_sum{method=\"GET\",route=\"/api/v1/whoami\",status=\"2xx\"}"), text);
            assertTrue(text.contains("helyos_http_requests_seconds_bucket{method=\"GET\",route=\"/api/v1/whoami\",status=\"2xx\",le=\"0.1\"}"), text);
            assertFalse(text.contains(d.token()), "no token in metrics");
        }
    }

    /** An unauthenticated client sending made-up methods and paths cannot grow /metrics (it once grew to 180k series). */
    @Test
    void randomMethodsAndPathsDoNotAddSeries() throws Exception {
        try (TestDaemon d = TestDaemon.start(home)) {
            int before = d.send("GET", "/metrics", null, null).body().length();
            java.util.Random random = new java.util.Random(19);
            int answered = 0;
            for (int batch = 0; batch < 25; batch++) {
                StringBuilder requests = new StringBuilder();
                for (int i = 0; i < 200; i++) {
                    String method = Long.toString(Math.abs(random.nextLong()), 36).toUpperCase();
                    requests.append(method).append(" /api/v1/").append(random.nextInt()).append('/').append(random.nextLong())
                            .append(" HTTP/1.1\r\nHost: x\r\n\r\n");
                }
                try (java.net.Socket socket = new java.net.Socket("127.0.0.1", d.daemon.port())) {
                    socket.setSoTimeout(10_000);
                    socket.getOutputStream().write(requests.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    var in = socket.getInputStream();
                    StringBuilder answers = new StringBuilder();
                    byte[] buffer = new byte[65536];
                    int seen = 0;
                    int n;
                    while (seen < 200 && (n = in.read(buffer)) > 0) {
                        answers.append(new String(buffer, 0, n, java.nio.charset.StandardCharsets.US_ASCII));
                        seen = answers.toString().split("HTTP/1\\.1 ", -1).length - 1;
                    }
                    answered += seen;
                }
            }
            assertEquals(5000, answered, "every request was answered");
            String text = d.send("GET", "/metrics", null, null).body();
            long series = text.lines().filter(l -> l.startsWith("helyos_http_requests_seconds_count")).count();
            assertTrue(series <= 8, "series after 5,000 made-up requests: " + series + "\n" + text);
            assertTrue(text.length() < before + 16_384, "/metrics grew from " + before + " to " + text.length() + " bytes");
            assertTrue(text.contains("helyos_http_requests_seconds_count{method=\"other\",route=\"unmatched\",status=\"4xx\"}"), text);
        }
    }

    private static double count(String text, String method, String route, String status) {
        Matcher m = Pattern.compile("helyos_http_requests_seconds_count\\{method=\"" + method + "\",route=\"" + Pattern.quote(route)
                + "\",status=\"" + status + "\"} ([0-9.]+)").matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
