package dev.helyos.kernel.certs;

import dev.helyos.kernel.tls.Pem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.cert.X509Certificate;
import java.time.Instant;

/**
 * A route certificate in the store ({@code certs/<domain>}): the chain as PEM, the private key
 * sealed with AES-256-GCM (base64), what the leaf says, and how renewal and serving went.
 *
 * @param source {@code acme}, {@code imported} or the id of a certificate issuer plugin
 * @param serial the leaf's serial number in hex
 * @param servedSerial the serial the proxy was seen serving, or null when not checked
 * @param servedCheckedAt when that was checked
 */
public record CertificateRecord(String domain, String source, String chainPem, String sealedKey, String issuer, String serial,
                                String notBefore, String notAfter, String createdAt, String servedSerial, String servedCheckedAt) {
    public static final String IMPORTED = "imported";

    /**
     * When to renew: 30 days before expiry, or at two thirds of the lifetime when that comes sooner.
     * A short-lived certificate (a few days, say) would be "within 30 days" from birth, so when 30
     * days before expiry falls in the first half of its life, two thirds of the lifetime it is.
     */
    public Instant renewalDue() {
        return RenewalSchedule.ownRenewal(Instant.parse(notBefore), Instant.parse(notAfter));
    }

    /** The leaf certificate of the stored chain. */
    public X509Certificate leaf() {
        try {
            return Pem.certificates(chainPem).getFirst();
        } catch (IOException e) {
            throw new UncheckedIOException("the stored certificate for " + domain + " does not parse", e);
        }
    }

    public CertificateRecord withServed(String seenSerial, String checkedAt) {
        return new CertificateRecord(domain, source, chainPem, sealedKey, issuer, serial, notBefore, notAfter, createdAt,
                seenSerial, checkedAt);
    }
}
