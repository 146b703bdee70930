package dev.helyos.kernel.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class HttpMetricsTest {
    @Test
    void labelsComeFromAClosedSetWhateverTheRequest() {
        HttpMetrics metrics = new HttpMetrics();
        Random random = new Random(19);
        for (int i = 0; i < 5000; i++) {
            String method = Long.toString(random.nextLong(), 36).toUpperCase();
            metrics.record(method, HttpMetrics.UNMATCHED_ROUTE, 100 + random.nextInt(900), 1000);
        }
        metrics.record("GET", "/api/v1/version", 200, 1000);
        long series = metrics.scrape().lines().filter(l -> l.startsWith("helyos_http_requests_seconds_count")).count();
        // other/unmatched × {1xx..5xx, other} + the one GET
        assertTrue(series <= 7, "series: " + series);
        assertTrue(metrics.scrape().contains("method=\"other\",route=\"unmatched\",status=\"other\""));
    }

    @Test
    void standardMethodsKeepTheirNameAndStatusesTheirClass() {
        assertEquals("GET", HttpMetrics.methodLabel("GET"));
        assertEquals("other", HttpMetrics.methodLabel("get"));
        assertEquals("other", HttpMetrics.methodLabel("BREW"));
        assertEquals("2xx", HttpMetrics.statusClass(204));
        assertEquals("4xx", HttpMetrics.statusClass(413));
        assertEquals("other", HttpMetrics.statusClass(600));
        assertEquals("other", HttpMetrics.statusClass(42));
    }
}
