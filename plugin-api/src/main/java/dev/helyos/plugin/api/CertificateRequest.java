package dev.helyos.plugin.api;

import java.security.PublicKey;
import java.util.Objects;

/**
 * What helyosd asks a {@link CertificateIssuer} for: a certificate for one domain (an ASCII,
 * lowercase DNS name; IDNs arrive as punycode) and one public key.
 *
 * @param csr the same request as a DER-encoded PKCS#10 certificate signing request, signed with the
 *     private key, for issuers that forward requests to another CA
 */
public record CertificateRequest(String domain, PublicKey publicKey, byte[] csr) {
    public CertificateRequest {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(publicKey, "publicKey");
        csr = csr.clone();
    }

    @Override
    public byte[] csr() {
        return csr.clone();
    }
}
