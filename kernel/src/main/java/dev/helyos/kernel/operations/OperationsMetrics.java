package dev.helyos.kernel.operations;

import dev.helyos.kernel.certs.RenewalLoop;
import dev.helyos.kernel.deploy.PodSupervisor;
import dev.helyos.kernel.proxy.ProxyReconciler;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * What the daemon does, as operators graph it: certificate orders by CA (issuer) and result with
 * their duration, the renewal sweep's duration and last success, proxy applies by backend and result
 * with their duration, deploys by result, pods by status and their restarts, the event stream's subscribers. Labels are issuer and backend ids (bounded by the
 * installed plugins) and fixed result words.
 */
public final class OperationsMetrics implements RenewalLoop.Activity, ProxyReconciler.Activity, PodSupervisor.PodListener {
    /** The statuses a pod shows in {@code helyos pods}. */
    static final List<String> POD_STATES = List.of("creating", "running", "stopping", "restarting", "crashloopbackoff", "stopped", "failed");
    private static final Duration POD_COUNT_AGE = Duration.ofSeconds(1);

    private final MeterRegistry registry;
    private final AtomicLong lastSweepSeconds = new AtomicLong();
    private final Counter podRestarts;
    private volatile Map<String, Long> podCounts = Map.of();
    private volatile long podCountsAt;

    /** @param eventSubscribers how many clients follow the event stream */
    public OperationsMetrics(MeterRegistry registry, java.util.function.IntSupplier eventSubscribers) {
        this.registry = registry;
        Gauge.builder("helyos_event_subscribers", eventSubscribers, s -> s.getAsInt())
                .description("Clients following GET /api/v1/events").strongReference(true).register(registry);
        Gauge.builder("helyos_renewal_sweep_last_success_timestamp_seconds", lastSweepSeconds, AtomicLong::get)
                .description("When the certificate renewal sweep last finished (Unix time; 0 before the first)")
                .strongReference(true).register(registry);
        for (String result : new String[] {"created", "updated", "unchanged", "refused"}) {
            deploys(result); // present at 0 from the start, so a dashboard's rate() has a series
        }
        podRestarts = Counter.builder("helyos_pod_restarts").description("Pods restarted after they exited or failed their health check")
                .register(registry);
    }

    /** Pods by status ({@code helyos_pods{state}}), counted at most once a second however often it is scraped. */
    public void pods(Supplier<Map<String, Long>> counts) {
        for (String state : POD_STATES) {
            Gauge.builder("helyos_pods", () -> podCount(counts, state)).description("Pods by status").tag("state", state)
                    .strongReference(true).register(registry);
        }
    }

    private long podCount(Supplier<Map<String, Long>> counts, String state) {
        long now = System.nanoTime();
        if (now - podCountsAt > POD_COUNT_AGE.toNanos()) {
            try {
                podCounts = counts.get();
            } catch (RuntimeException e) {
                podCounts = Map.of(); // no engine: no pods to count
            }
            podCountsAt = now;
        }
        return podCounts.getOrDefault(state, 0L);
    }

    @Override
    public void pod(String project, String pod, String action, String message) {
        if (action.equals("restarted")) {
            podRestarts.increment();
        }
    }

    @Override
    public void orderFinished(String domain, String issuer, boolean renewal, String error, Duration took) {
        Counter.builder("helyos_acme_orders").description("Certificate orders by CA (issuer id) and result")
                .tag("ca", issuer).tag("result", error == null ? "issued" : "failed").register(registry).increment();
        Timer.builder("helyos_acme_order_duration").description("Time from starting a certificate order to its end")
                .tag("ca", issuer).publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(100))
                .maximumExpectedValue(Duration.ofMinutes(5)).register(registry).record(took);
    }

    @Override
    public void sweepFinished(Duration took, Instant at) {
        Timer.builder("helyos_renewal_sweep_duration").description("Time one certificate renewal sweep took")
                .register(registry).record(took);
        lastSweepSeconds.set(at.getEpochSecond());
    }

    /** {@code result}: ok, routes_failed or rejected. */
    @Override
    public void applied(String backend, String result, String error, Duration took) {
        Counter.builder("helyos_proxy_applies").description("Proxy configuration applies by backend and result")
                .tag("backend", backend).tag("result", result).register(registry).increment();
        Timer.builder("helyos_proxy_apply_duration").description("Time the proxy backend took to apply the routes")
                .tag("backend", backend).serviceLevelObjectives(Duration.ofMillis(10), Duration.ofMillis(50),
                        Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(5))
                .register(registry).record(took);
    }

    public void deployed(String project, String name, String result) {
        deploys(result).increment();
    }

    private Counter deploys(String result) {
        return Counter.builder("helyos_deploys").description("Deploys by result").tag("result", result).register(registry);
    }
}
