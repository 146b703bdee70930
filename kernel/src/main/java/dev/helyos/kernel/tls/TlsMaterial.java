package dev.helyos.kernel.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * What the API server presents: its key and chain (leaf first), and the self-signed CA clients pin
 * when helyosd made its own certificate (empty with a BYO certificate).
 */
public record TlsMaterial(PrivateKey key, List<X509Certificate> chain, Optional<CaCertificate> ca) {

    /** The CA as served by {@code GET /api/v1/ca}. */
    public record CaCertificate(String pem, String sha256) {
    }
}
