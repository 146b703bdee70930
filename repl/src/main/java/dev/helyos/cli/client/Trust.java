package dev.helyos.cli.client;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * What the client trusts for HTTPS: exactly the pinned CA (never the system roots when a CA is
 * pinned), the system roots (for a publicly trusted daemon), or nothing at all (insecure).
 */
public sealed interface Trust {

    record PinnedCa(String pem) implements Trust {
    }

    record SystemRoots() implements Trust {
    }

    record Insecure() implements Trust {
    }

    /** The fingerprint users compare: lowercase, colon-separated SHA-256 of the PEM text bytes. */
    static String fingerprint(String pem) {
        try {
            return HexFormat.ofDelimiter(":").formatHex(MessageDigest.getInstance("SHA-256").digest(pem.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A fingerprint as typed — any case, with or without colons, spaces or a {@code sha256:}
     * prefix — as 64 lowercase hex digits, or null when it is not a SHA-256 fingerprint.
     */
    static String normalizeFingerprint(String typed) {
        if (typed == null) {
            return null;
        }
        String s = typed.strip().toLowerCase();
        if (s.startsWith("sha256:")) {
            s = s.substring("sha256:".length());
        } else if (s.startsWith("sha256=")) {
            s = s.substring("sha256=".length());
        }
        s = s.replace(":", "").replace(" ", "");
        return s.matches("[0-9a-f]{64}") ? s : null;
    }

    static SSLContext sslContext(Trust trust) throws GeneralSecurityException {
        SSLContext ctx = SSLContext.getInstance("TLS");
        switch (trust) {
            case PinnedCa pinned -> {
                X509Certificate ca = (X509Certificate) CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(pinned.pem().getBytes(StandardCharsets.US_ASCII)));
                KeyStore store = KeyStore.getInstance("PKCS12");
                try {
                    store.load(null, null);
                } catch (java.io.IOException e) {
                    throw new GeneralSecurityException(e);
                }
                store.setCertificateEntry("helyos-ca", ca);
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(store);
                ctx.init(null, tmf.getTrustManagers(), null);
            }
            case SystemRoots roots -> ctx.init(null, null, null);
            case Insecure insecure -> ctx.init(null, new TrustManager[] {new TrustEverything()}, null);
        }
        return ctx;
    }

    final class TrustEverything implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
