package dev.helyos.kernel.metrics;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The daemon's Prometheus metrics (Micrometer). Requests are counted and timed by method, route
 * template and status class. Every label comes from a closed set, so no request, however crafted,
 * adds a series: methods outside the standard ones are {@code other}, paths that match no endpoint
 * are {@code unmatched} (the caller passes templates, never raw paths), statuses are {@code 2xx}…{@code 5xx}.
 * Other capabilities register their own series on {@link #registry()}.
 */
public final class HttpMetrics {
    public static final String UNMATCHED_ROUTE = "unmatched";
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT");

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ConcurrentHashMap<String, Timer> timers = new ConcurrentHashMap<>();

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** {@code route} must be an endpoint's template or {@link #UNMATCHED_ROUTE}. */
    public void record(String method, String route, int status, long nanos) {
        String methodLabel = methodLabel(method);
        String statusLabel = statusClass(status);
        timers.computeIfAbsent(methodLabel + ' ' + route + ' ' + statusLabel, key -> timer(methodLabel, route, statusLabel))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    static String methodLabel(String method) {
        return METHODS.contains(method) ? method : "other";
    }

    static String statusClass(int status) {
        return status >= 100 && status <= 599 ? (status / 100) + "xx" : "other";
    }

    private Timer timer(String method, String route, String status) {
        return Timer.builder("helyos_http_requests")
                .description("HTTP requests served by the helyosd API")
                .tag("method", method)
                .tag("route", route)
                .tag("status", status)
                .serviceLevelObjectives(Duration.ofMillis(5), Duration.ofMillis(25), Duration.ofMillis(100),
                        Duration.ofMillis(500), Duration.ofSeconds(2))
                .register(registry);
    }

    public String scrape() {
        return registry.scrape();
    }
}
