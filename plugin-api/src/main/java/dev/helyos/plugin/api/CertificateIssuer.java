package dev.helyos.plugin.api;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A certificate issuer that does not speak ACME: a local CA, a company PKI, a vendor's API.
 * Selected per route ({@code helyos route add … --https --issuer ID}) or for every route by default
 * ({@code helyosd --cert-issuer ID}). helyosd makes the key pair and keeps the private key; the
 * issuer only ever sees the public key and a certificate signing request signed with it. It stores,
 * serves and renews what {@link #issue} returns like any other route certificate (renewal when a
 * third of the lifetime is left, or 30 days before expiry), and backs off when it throws.
 *
 * <p>One instance serves every call, possibly from several threads at once.
 */
public interface CertificateIssuer extends HelyosExtension {

    /**
     * Issues a certificate for {@code request.domain()} and the request's public key; may block (a
     * remote CA, a challenge to publish) but should finish within a few minutes.
     *
     * @return the chain, leaf first, then any intermediates (the root may be left out); helyosd checks
     *     that the leaf carries the request's public key, covers the domain and is valid now
     * @throws IssuerException with a message for the operator (shown in {@code helyos certs}), and
     *     when the issuer knows it, the time before which trying again is pointless
     */
    List<X509Certificate> issue(CertificateRequest request, IssuerContext context) throws IssuerException;

    /**
     * The CA certificates that clients must trust for what this issuer signs, such as a private root
     * that browsers do not know ({@code helyos cert root ID} prints them); empty when the issuer
     * chains to publicly trusted roots.
     */
    default List<X509Certificate> roots(IssuerContext context) throws IssuerException {
        return List.of();
    }
}
