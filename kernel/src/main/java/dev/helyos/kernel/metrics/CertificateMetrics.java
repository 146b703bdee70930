package dev.helyos.kernel.metrics;

import dev.helyos.kernel.certs.CertificateRecord;
import dev.helyos.kernel.certs.CertificateService;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Route certificate expiry, read from the stored certificates at each scrape: a series per
 * certificate that exists now, none left behind for one removed, and the expiring count follows the
 * clock without any certificate changing.
 */
public final class CertificateMetrics implements MultiCollector {
    static final String EXPIRY = "helyos_certificate_expiry_timestamp_seconds";
    static final String EXPIRING = "helyos_certificates_expiring";
    /** Same line as the API's status {@code expiring}. */
    private static final Duration EXPIRING_WITHIN = Duration.ofDays(30);

    private final CertificateService certs;
    private final Clock clock;

    private CertificateMetrics(CertificateService certs, Clock clock) {
        this.certs = certs;
        this.clock = clock;
    }

    public static void register(PrometheusMeterRegistry registry, CertificateService certs, Clock clock) {
        registry.getPrometheusRegistry().register(new CertificateMetrics(certs, clock));
    }

    @Override
    public MetricSnapshots collect() {
        Instant expiringLine = clock.instant().plus(EXPIRING_WITHIN);
        GaugeSnapshot.Builder expiry = GaugeSnapshot.builder().name(EXPIRY)
                .help("When the route certificate of a domain expires (its notAfter), in seconds since the epoch");
        Map<String, Integer> expiring = new TreeMap<>();
        for (CertificateRecord cert : certs.list()) {
            Instant notAfter = Instant.parse(cert.notAfter());
            expiry.dataPoint(GaugeDataPointSnapshot.builder().labels(Labels.of("domain", cert.domain(), "source", cert.source()))
                    .value(notAfter.getEpochSecond()).build());
            expiring.merge(cert.source(), notAfter.isAfter(expiringLine) ? 0 : 1, Integer::sum);
        }
        GaugeSnapshot.Builder expiringCount = GaugeSnapshot.builder().name(EXPIRING)
                .help("Route certificates expired or expiring within 30 days, by source (acme, imported, a plugin's id)");
        expiring.forEach((source, count) -> expiringCount.dataPoint(GaugeDataPointSnapshot.builder()
                .labels(Labels.of("source", source)).value(count).build()));
        return MetricSnapshots.of(expiry.build(), expiringCount.build());
    }

    @Override
    public List<String> getPrometheusNames() {
        return List.of(EXPIRY, EXPIRING);
    }
}
