package dev.helyos.plugins.ca.acme;

import dev.helyos.plugin.api.AcmeDirectory;
import dev.helyos.plugin.api.CertificateAuthorityContext;
import dev.helyos.plugin.api.CertificateAuthorityProvider;
import java.net.URI;

/** A CA whose directory is fixed; a {@code --acme-directory} given with it is refused, not ignored. */
abstract class KnownCa implements CertificateAuthorityProvider {
    private final String id;
    private final URI directory;
    private final boolean eab;

    KnownCa(String id, String directory, boolean eab) {
        this.id = id;
        this.directory = URI.create(directory);
        this.eab = eab;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public AcmeDirectory directory(CertificateAuthorityContext context) {
        if (context.directoryUrl() != null) {
            throw new IllegalArgumentException("--acme-directory is for --acme-ca acme; " + id + " uses " + directory);
        }
        return new AcmeDirectory(directory, eab);
    }
}
