package dev.helyos.plugin.api;

import java.net.URI;
import java.util.Objects;

/**
 * An ACME CA's directory.
 *
 * @param url the directory URL (https)
 * @param externalAccountRequired whether accounts need External Account Binding (a key id and HMAC
 *     key from the CA, {@code --acme-eab-kid} / {@code --acme-eab-hmac-key})
 */
public record AcmeDirectory(URI url, boolean externalAccountRequired) {
    public AcmeDirectory {
        Objects.requireNonNull(url, "url");
        if (!"https".equals(url.getScheme()) || url.getHost() == null) {
            throw new IllegalArgumentException("an ACME directory is an https:// URL, got '" + url + "'");
        }
    }
}
