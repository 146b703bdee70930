package dev.helyos.kernel.certs;

/**
 * A route certificate in the store ({@code certs/<domain>}): the chain as PEM, the private key
 * sealed with AES-256-GCM (base64), what the leaf says, and how renewal and serving went.
 *
 * @param source {@code acme}, {@code imported} or the id of a certificate issuer plugin
 * @param serial the leaf's serial number in hex
 * @param lastError the last failed attempt to get or renew it, or null
 * @param nextAttemptAt when a failed attempt is tried again, or null
 * @param failures failed attempts in a row
 * @param servedSerial the serial the proxy was seen serving, or null when not checked
 * @param servedCheckedAt when that was checked
 */
public record CertificateRecord(String domain, String source, String chainPem, String sealedKey, String issuer, String serial,
                                String notBefore, String notAfter, String createdAt, String lastError, String nextAttemptAt,
                                int failures, String servedSerial, String servedCheckedAt) {
    public static final String ACME = "acme";
    public static final String IMPORTED = "imported";

    /** When to renew: 30 days before expiry, or at two thirds of the lifetime when that comes sooner. */
    public java.time.Instant renewalDue() {
        java.time.Instant from = java.time.Instant.parse(notBefore);
        java.time.Instant to = java.time.Instant.parse(notAfter);
        java.time.Instant thirtyDays = to.minus(java.time.Duration.ofDays(30));
        java.time.Instant twoThirds = from.plus(java.time.Duration.between(from, to).multipliedBy(2).dividedBy(3));
        return thirtyDays.isBefore(twoThirds) ? thirtyDays : twoThirds;
    }

    public CertificateRecord withAttempt(String error, String nextAttempt, int failuresInARow) {
        return new CertificateRecord(domain, source, chainPem, sealedKey, issuer, serial, notBefore, notAfter, createdAt,
                error, nextAttempt, failuresInARow, servedSerial, servedCheckedAt);
    }

    public CertificateRecord withServed(String seenSerial, String checkedAt) {
        return new CertificateRecord(domain, source, chainPem, sealedKey, issuer, serial, notBefore, notAfter, createdAt,
                lastError, nextAttemptAt, failures, seenSerial, checkedAt);
    }
}
