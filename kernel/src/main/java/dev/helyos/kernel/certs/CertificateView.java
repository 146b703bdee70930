package dev.helyos.kernel.certs;

import java.time.Duration;
import java.time.Instant;

/**
 * A certificate as the API shows it (never its key): where it came from, who issued it, its
 * validity, {@code status} ({@code valid}, {@code expiring} within 30 days, {@code expired}), the last
 * error and the next attempt, the next renewal (and what the CA said about it), and what the proxy was
 * seen serving.
 */
public record CertificateView(String domain, String source, String issuer, String serial, String notBefore,
                              String notAfter, long daysLeft, String status, String lastError, String nextAttemptAt,
                              String nextRenewal, RenewalInfo renewalInfo, String servedSerial, String servedCheckedAt) {
    static final Duration EXPIRING = Duration.ofDays(30);

    /** An attempt to get a certificate from {@code source} (its issuer) that has not worked (yet): why, and when the next one is. */
    public record Attempt(String source, String lastError, String nextAttemptAt) {
    }

    /**
     * What the CA said about renewing it (ACME Renewal Information): its suggested window (null when the
     * CA offers none), its explanation URL, when it was asked, and why the last question failed.
     */
    public record RenewalInfo(String windowStart, String windowEnd, String explanation, String checkedAt, String lastError) {
    }

    /** A domain whose certificate is being ordered or failed to be, with none stored yet. */
    public static CertificateView withoutCertificate(String domain, Attempt attempt) {
        String status = attempt == null || attempt.lastError() == null ? "pending" : "failed";
        return new CertificateView(domain, attempt == null ? null : attempt.source(), null, null, null, null, 0, status,
                attempt == null ? null : attempt.lastError(), attempt == null ? null : attempt.nextAttemptAt(), null, null, null, null);
    }

    public CertificateView with(Attempt attempt) {
        return attempt == null ? this : new CertificateView(domain, source, issuer, serial, notBefore, notAfter, daysLeft, status,
                attempt.lastError(), attempt.nextAttemptAt(), nextRenewal, renewalInfo, servedSerial, servedCheckedAt);
    }

    /**
     * @param nextRenewal when helyosd renews it (ignored for an imported one, which it never renews)
     * @param renewalInfo what the CA said about renewing it, or null
     */
    public static CertificateView of(CertificateRecord record, Instant now, Instant nextRenewal, RenewalInfo renewalInfo) {
        Instant notAfter = Instant.parse(record.notAfter());
        Duration left = Duration.between(now, notAfter);
        String status = left.isNegative() ? "expired" : left.compareTo(EXPIRING) <= 0 ? "expiring" : "valid";
        boolean imported = CertificateRecord.IMPORTED.equals(record.source());
        return new CertificateView(record.domain(), record.source(), record.issuer(), record.serial(), record.notBefore(),
                record.notAfter(), left.toDays(), status, null, null,
                imported ? null : nextRenewal.toString(), imported ? null : renewalInfo, record.servedSerial(), record.servedCheckedAt());
    }
}
