package dev.helyos.kernel.certs;

import dev.helyos.kernel.routes.Route;
import dev.helyos.kernel.routes.RouteService;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Certificates as the API shows them: the stored record with when the renewal loop renews it and
 * what the CA said about that, and the orders under way or failed, also for domains with no
 * certificate yet.
 */
public final class CertificateViews {
    private final RenewalLoop renewals;
    private final RouteService routes;
    private final Clock clock;

    public CertificateViews(RenewalLoop renewals, RouteService routes, Clock clock) {
        this.renewals = renewals;
        this.routes = routes;
        this.clock = clock;
    }

    public CertificateView of(CertificateRecord record) {
        // null when the CA offers no renewal information
        CertificateView.RenewalInfo renewalInfo = renewals.renewalInfo(record)
                .filter(r -> r.windowStart() != null || r.lastError() != null)
                .map(r -> new CertificateView.RenewalInfo(r.windowStart(), r.windowEnd(), r.explanation(), r.checkedAt(), r.lastError()))
                .orElse(null);
        return CertificateView.of(record, clock.instant(), renewals.nextRenewal(record), renewalInfo);
    }

    /** The domains whose certificate is being ordered or failed to be, by domain. */
    public Map<String, CertificateView.Attempt> attempts() {
        Map<String, CertificateView.Attempt> attempts = new LinkedHashMap<>();
        renewals.statuses().forEach((domain, status) -> attempts.put(domain,
                new CertificateView.Attempt(issuerOf(domain), status.lastError(), status.nextAttemptAt())));
        renewals.pending().forEach(domain -> attempts.putIfAbsent(domain, new CertificateView.Attempt(issuerOf(domain), null, null)));
        return attempts;
    }

    private String issuerOf(String domain) {
        return routes.find(domain).map(Route::certificateIssuer).orElse(null);
    }
}
