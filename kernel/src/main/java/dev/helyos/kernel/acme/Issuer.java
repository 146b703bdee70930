package dev.helyos.kernel.acme;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Gets a new certificate for a domain: the ACME engine, or a certificate issuer plugin. */
public interface Issuer {

    /** What certificates it issued record as their source: {@code acme}, or the plugin's id. */
    String id();

    /**
     * A new certificate for {@code domain}.
     *
     * @param replacing the certificate it renews (an ACME CA that offers renewal information is told), or null
     */
    Issued issue(String domain, X509Certificate replacing) throws IssueFailure, InterruptedException;

    /**
     * When the CA would like {@code leaf} renewed (ACME Renewal Information, RFC 9773); empty when this
     * issuer offers no such thing.
     */
    default Optional<SuggestedWindow> suggestedWindow(X509Certificate leaf) throws IssueFailure {
        return Optional.empty();
    }

    /** A new certificate: its chain (leaf first) and the key it was made for. */
    record Issued(List<X509Certificate> chain, KeyPair key) {
    }

    /**
     * The CA's window for renewing a certificate, a renewal time picked in it at random (RFC 9773 §4.2),
     * why (a URL the CA gives, or null), and when to ask again.
     */
    record SuggestedWindow(Instant start, Instant end, Instant renewAt, String explanation, Instant askAgainAt) {
    }
}
