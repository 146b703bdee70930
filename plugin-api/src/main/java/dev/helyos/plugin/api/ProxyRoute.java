package dev.helyos.plugin.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One domain and where its requests go.
 *
 * @param domain the host name, lowercase ASCII (IDNs in punycode), already validated by the kernel:
 *     letters, digits, hyphens and dots only
 * @param upstreams the deployment's ready pods ({@code 127.0.0.1:port}); empty when none runs, and
 *     the proxy must then answer 503 for the domain (its configuration stays valid)
 * @param tls the certificate to serve on the HTTPS port, or {@code null}: no HTTPS for this domain.
 *     With a certificate, plain HTTP requests (except ACME challenges) redirect to HTTPS
 */
public record ProxyRoute(String domain, List<Upstream> upstreams, TlsFiles tls) {
    public ProxyRoute {
        Objects.requireNonNull(domain, "domain");
        upstreams = List.copyOf(upstreams);
    }

    /** A pod's published port. */
    public record Upstream(String host, int port) {
        public Upstream {
            Objects.requireNonNull(host, "host");
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be between 1 and 65535, got " + port);
            }
        }
    }

    /**
     * PEM files the proxy reads: the certificate with its chain, and the private key (in a RAM-backed
     * runtime directory, mode 0600). A new certificate comes as new paths or new {@code version}.
     *
     * @param version changes whenever the files' content changes (the certificate's serial, say), so a
     *     backend knows to reload even when the paths are the same
     */
    public record TlsFiles(Path certificateChain, Path privateKey, String version) {
        public TlsFiles {
            Objects.requireNonNull(certificateChain, "certificateChain");
            Objects.requireNonNull(privateKey, "privateKey");
            Objects.requireNonNull(version, "version");
        }
    }
}
