package dev.helyos.kernel.metrics;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The daemon's Prometheus metrics (Micrometer). Requests are counted and timed by method, route
 * template (never the raw path, so cardinality stays bounded) and status. Other capabilities
 * register their own series on {@link #registry()}.
 */
public final class HttpMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ConcurrentHashMap<String, Timer> timers = new ConcurrentHashMap<>();

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public void record(String method, String route, int status, long nanos) {
        timers.computeIfAbsent(method + ' ' + route + ' ' + status, key -> timer(method, route, status))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    private Timer timer(String method, String route, int status) {
        return Timer.builder("helyos_http_requests")
                .description("HTTP requests served by the helyosd API")
                .tag("method", method)
                .tag("route", route)
                .tag("status", Integer.toString(status))
                .serviceLevelObjectives(Duration.ofMillis(5), Duration.ofMillis(25), Duration.ofMillis(100),
                        Duration.ofMillis(500), Duration.ofSeconds(2))
                .register(registry);
    }

    public String scrape() {
        return registry.scrape();
    }
}
