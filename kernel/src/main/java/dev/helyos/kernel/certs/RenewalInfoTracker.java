package dev.helyos.kernel.certs;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helyos.kernel.store.Records;
import dev.helyos.plugin.api.StateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Follows the CA's renewal information (ARI, RFC 9773) for each certificate: asks when a certificate
 * is new to it and again when the CA's Retry-After says, keeps the answer in the store for that
 * certificate's serial, and keeps the renewal time it picked while the CA's window stays the same.
 */
final class RenewalInfoTracker {
    private static final Logger LOG = Logger.getLogger(RenewalInfoTracker.class.getName());
    /** After a failed question, or from an issuer that offers no renewal information. */
    static final Duration ASK_AGAIN_AFTER_FAILURE = Duration.ofHours(1);
    static final Duration ASK_AGAIN_WITHOUT_INFO = Duration.ofHours(24);
    /** The longest a CA's Retry-After is followed: a daily look at least. */
    static final Duration LONGEST_WAIT = Duration.ofHours(24);

    private final Records<RenewalInfoRecord> records;
    private final Clock clock;
    private final Duration shortestWait;
    private final Set<String> asking = ConcurrentHashMap.newKeySet();

    /**
     * @param shortestWait the least time between two questions about one certificate, whatever the
     *     CA's Retry-After says (a CA answering "0" must not be asked in a loop)
     */
    RenewalInfoTracker(StateStore store, ObjectMapper json, Clock clock, Duration shortestWait) {
        this.records = new Records<>(store, json, RenewalInfoRecord.class, Keys.RENEWAL_INFO);
        this.clock = clock;
        this.shortestWait = shortestWait;
    }

    /** What the CA said about this very certificate (not about the one it replaced). */
    Optional<RenewalInfoRecord> current(CertificateRecord cert) {
        return records.get(cert.domain()).filter(r -> r.serial().equals(cert.serial()));
    }

    /** When the CA would like this certificate renewed, if it said so. */
    Optional<Instant> renewAt(CertificateRecord cert) {
        return current(cert).map(RenewalInfoRecord::renewAt).map(Instant::parse);
    }

    boolean askDue(CertificateRecord cert, Instant now) {
        return !asking.contains(cert.domain())
                && current(cert).map(r -> !Instant.parse(r.askAgainAt()).isAfter(now)).orElse(true);
    }

    /** Asks the issuer about {@code cert} (blocking) and stores the answer; false when another question runs. */
    boolean ask(Issuer issuer, CertificateRecord cert) {
        if (!asking.add(cert.domain())) {
            return false;
        }
        try {
            Instant now = clock.instant();
            Optional<RenewalInfoRecord> previous = current(cert);
            RenewalInfoRecord answer;
            try {
                answer = record(cert, previous.orElse(null), issuer.suggestedWindow(cert.leaf()).orElse(null), now);
            } catch (IssueFailure | RuntimeException e) {
                LOG.info(() -> "renewal information for " + cert.domain() + ": " + e.getMessage());
                RenewalInfoRecord p = previous.orElse(null);
                answer = new RenewalInfoRecord(cert.domain(), cert.serial(), p == null ? null : p.windowStart(),
                        p == null ? null : p.windowEnd(), p == null ? null : p.renewAt(), p == null ? null : p.explanation(),
                        at(now), at(now.plus(ASK_AGAIN_AFTER_FAILURE)), e.getMessage());
            }
            records.put(cert.domain(), answer);
            return true;
        } finally {
            asking.remove(cert.domain());
        }
    }

    private static boolean unchanged(RenewalInfoRecord previous, Issuer.SuggestedWindow window) {
        return window != null && previous.windowStart() != null
                && Instant.parse(previous.windowStart()).equals(window.start()) && Instant.parse(previous.windowEnd()).equals(window.end());
    }

    private RenewalInfoRecord record(CertificateRecord cert, RenewalInfoRecord previous, Issuer.SuggestedWindow window,
                                     Instant now) {
        if (window == null) {
            return new RenewalInfoRecord(cert.domain(), cert.serial(), null, null, null, null, at(now),
                    at(now.plus(ASK_AGAIN_WITHOUT_INFO)), null);
        }
        // the same window as before keeps the time picked in it: a new pick at every question would drift
        String renewAt = previous != null && unchanged(previous, window) ? previous.renewAt() : window.renewAt().toString();
        if (previous == null || !renewAt.equals(previous.renewAt())) {
            LOG.info(() -> "the CA suggests renewing the certificate for " + cert.domain() + " between " + window.start()
                    + " and " + window.end() + "; helyosd renews it at " + renewAt
                    + (window.explanation() == null ? "" : " (" + window.explanation() + ")"));
        }
        Instant askAgain = window.askAgainAt();
        if (askAgain.isBefore(now.plus(shortestWait))) {
            askAgain = now.plus(shortestWait);
        } else if (askAgain.isAfter(now.plus(LONGEST_WAIT))) {
            askAgain = now.plus(LONGEST_WAIT);
        }
        return new RenewalInfoRecord(cert.domain(), cert.serial(), window.start().toString(), window.end().toString(), renewAt,
                window.explanation(), at(now), askAgain.toString(), null);
    }

    /** The soonest time, after {@code now}, at which a certificate is to be renewed or asked about again. */
    Optional<Instant> nextEvent(Instant now) {
        Instant soonest = null;
        for (RenewalInfoRecord r : records.list("")) {
            for (String time : new String[] {r.renewAt(), r.askAgainAt()}) {
                if (time != null && Instant.parse(time).isAfter(now) && (soonest == null || Instant.parse(time).isBefore(soonest))) {
                    soonest = Instant.parse(time);
                }
            }
        }
        return Optional.ofNullable(soonest);
    }

    /** The domains with a renewal or a question due at {@code now}. */
    List<String> due(Instant now) {
        return records.list("").stream()
                .filter(r -> (r.renewAt() != null && !Instant.parse(r.renewAt()).isAfter(now))
                        || !Instant.parse(r.askAgainAt()).isAfter(now))
                .map(RenewalInfoRecord::domain).toList();
    }

    void forget(String domain) {
        records.delete(domain);
    }

    private static String at(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
