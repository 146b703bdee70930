package dev.helyos.kernel.certs;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * What the proxy really serves for a domain: a TLS handshake with SNI on its HTTPS port, reading the
 * leaf's serial. Trust is not the question here (the serial is compared with the stored one), so any
 * certificate is accepted for reading.
 */
final class ServedCheck {
    private ServedCheck() {
    }

    /** The served leaf's serial in hex, or null when nothing answered with TLS. */
    static String servedSerial(String host, int port, String domain) {
        try {
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, new TrustManager[] {new TrustsAnyCertificate()}, null);
            try (SSLSocket socket = (SSLSocket) ssl.getSocketFactory().createSocket()) {
                socket.connect(new InetSocketAddress(host, port), 2_000);
                socket.setSoTimeout(5_000);
                SSLParameters params = socket.getSSLParameters();
                params.setServerNames(List.of(new SNIHostName(domain)));
                socket.setSSLParameters(params);
                socket.startHandshake();
                return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber().toString(16);
            }
        } catch (IOException | java.security.GeneralSecurityException | IllegalArgumentException e) {
            return null;
        }
    }

    /** Accepts every server certificate: this handshake only reads which one is served, it sends nothing. */
    private static final class TrustsAnyCertificate implements X509TrustManager {
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
