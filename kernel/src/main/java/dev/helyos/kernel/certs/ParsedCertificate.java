package dev.helyos.kernel.certs;

import dev.helyos.kernel.errors.Refused;
import dev.helyos.kernel.routes.DomainName;
import dev.helyos.kernel.tls.ByoTls;
import dev.helyos.kernel.tls.Pem;
import java.io.IOException;
import java.security.PrivateKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A certificate chain and its private key, checked the way a proxy would need them: both parse, the
 * key belongs to the leaf (the first certificate), the leaf names the domain (a {@code *.} name
 * covers one label), and it is valid now. Each failure is a 422 naming the field.
 */
public record ParsedCertificate(List<X509Certificate> chain, PrivateKey key) {
    private static final int GENERAL_NAME_DNS = 2;

    public X509Certificate leaf() {
        return chain.getFirst();
    }

    public static ParsedCertificate parse(String domain, String chainPem, String keyPem, Instant now) {
        if (chainPem == null || chainPem.isBlank()) {
            throw Refused.invalid("cert_pem is required (the certificate, with its chain, as PEM)");
        }
        if (keyPem == null || keyPem.isBlank()) {
            throw Refused.invalid("key_pem is required (the certificate's private key as PEM)");
        }
        List<X509Certificate> chain;
        try {
            chain = Pem.certificates(chainPem);
        } catch (IOException | RuntimeException e) {
            throw Refused.invalid("cert_pem is not a PEM certificate: " + e.getMessage());
        }
        if (chain.isEmpty()) {
            throw Refused.invalid("cert_pem holds no certificate (expected -----BEGIN CERTIFICATE-----)");
        }
        PrivateKey key;
        try {
            key = Pem.privateKey(keyPem);
        } catch (IOException | RuntimeException e) {
            throw Refused.invalid("key_pem is not a usable private key: " + e.getMessage());
        }
        if (key == null) {
            throw Refused.invalid("key_pem holds no private key (expected -----BEGIN PRIVATE KEY----- or an EC/RSA key)");
        }
        X509Certificate leaf = chain.getFirst();
        if (!ByoTls.matches(key, leaf)) {
            throw Refused.invalid("key_pem does not belong to the certificate in cert_pem (the first one is the leaf)");
        }
        if (!covers(leaf, domain)) {
            throw Refused.invalid("cert_pem does not cover " + domain + ": it names " + String.join(", ", names(leaf)));
        }
        if (leaf.getNotAfter().toInstant().isBefore(now)) {
            throw Refused.invalid("cert_pem expired on " + leaf.getNotAfter().toInstant());
        }
        if (leaf.getNotBefore().toInstant().isAfter(now)) {
            throw Refused.invalid("cert_pem is not valid before " + leaf.getNotBefore().toInstant());
        }
        return new ParsedCertificate(List.copyOf(chain), key);
    }

    /** The DNS names of the leaf (subject alternative names). */
    public static List<String> names(X509Certificate cert) {
        List<String> names = new ArrayList<>();
        try {
            if (cert.getSubjectAlternativeNames() != null) {
                for (List<?> name : cert.getSubjectAlternativeNames()) {
                    if (name.size() >= 2 && Integer.valueOf(GENERAL_NAME_DNS).equals(name.get(0))) {
                        names.add(name.get(1).toString().toLowerCase(Locale.ROOT));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // no names, then
        }
        return names;
    }

    public static boolean covers(X509Certificate cert, String domain) {
        String ascii = DomainName.parse(domain).ascii();
        for (String name : names(cert)) {
            if (name.equals(ascii)) {
                return true;
            }
            if (name.startsWith("*.") && ascii.indexOf('.') > 0 && ascii.substring(ascii.indexOf('.') + 1).equals(name.substring(2))) {
                return true;
            }
        }
        return false;
    }
}
