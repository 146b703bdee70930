package dev.helyos.kernel.certs;

import java.time.Duration;
import java.time.Instant;

/**
 * A certificate as the API shows it (never its key): where it came from, who issued it, its
 * validity, {@code status} ({@code valid}, {@code expiring} within 30 days, {@code expired}), the last
 * error and the next attempt, and what the proxy was seen serving.
 */
public record CertificateView(String domain, String source, String issuer, String serial, String notBefore,
                              String notAfter, long daysLeft, String status, String lastError, String nextAttemptAt,
                              String servedSerial, String servedCheckedAt) {
    static final Duration EXPIRING = Duration.ofDays(30);

    public static CertificateView of(CertificateRecord record, Instant now) {
        Instant notAfter = Instant.parse(record.notAfter());
        Duration left = Duration.between(now, notAfter);
        String status = left.isNegative() ? "expired" : left.compareTo(EXPIRING) <= 0 ? "expiring" : "valid";
        return new CertificateView(record.domain(), record.source(), record.issuer(), record.serial(), record.notBefore(),
                record.notAfter(), left.toDays(), status, record.lastError(), record.nextAttemptAt(), record.servedSerial(),
                record.servedCheckedAt());
    }
}
