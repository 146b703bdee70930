package dev.helyos.plugin.api;

import java.util.Map;

/**
 * What a certificate authority provider is asked with.
 *
 * @param directoryUrl {@code --acme-directory}, or {@code null} when not given
 * @param options provider-specific settings (may be empty)
 */
public record CertificateAuthorityContext(String directoryUrl, Map<String, String> options) {
    public CertificateAuthorityContext {
        options = Map.copyOf(options);
    }
}
