package dev.helyos.plugins.proxy.nginx;

import dev.helyos.plugin.api.ProxyRoute;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Self-signed certificates made with openssl, and a TLS client that trusts exactly one. */
final class Certificates {
    private Certificates() {
    }

    static ProxyRoute.TlsFiles selfSigned(Path dir, String domain) throws Exception {
        Path cert = dir.resolve(domain + ".crt");
        Path key = dir.resolve(domain + ".key");
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                "-nodes", "-keyout", key.toString(), "-out", cert.toString(), "-subj", "/CN=" + domain,
                "-addext", "subjectAltName=DNS:" + domain, "-days", "2").redirectErrorStream(true).start();
        String output = new String(openssl.getInputStream().readAllBytes());
        if (openssl.waitFor() != 0) {
            throw new IOException("openssl failed: " + output);
        }
        return new ProxyRoute.TlsFiles(cert, key, read(cert).getSerialNumber().toString(16));
    }

    static X509Certificate read(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    static SSLContext trusting(X509Certificate cert) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        store.setCertificateEntry("only", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }
}
