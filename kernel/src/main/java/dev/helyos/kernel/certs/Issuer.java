package dev.helyos.kernel.certs;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where {@code auto} routes get their certificates: the ACME engine ({@code acme/}) or a certificate
 * issuer plugin ({@code issuers/}). The {@link RenewalLoop} decides when to call {@link #issue}, at most
 * one order per domain at a time; an issuer only talks to its CA. A failure is an {@link IssueFailure}
 * whose message the operator reads, with the CA's Retry-After when it gave one.
 */
public interface Issuer {
    /** The id of helyosd's ACME engine, which no issuer plugin may take. */
    String ACME = "acme";

    /** The id routes name it by, and that certificates it issued record as their source: {@code acme}, or the plugin's id. */
    String id();

    /** One line for the operator: which CA, and for ACME which account. */
    String description();

    /**
     * The CA certificates clients must trust for this issuer's certificates; empty when they chain to
     * public roots or helyosd does not know them.
     */
    default List<X509Certificate> roots() throws IssueFailure {
        return List.of();
    }

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
