package dev.helyos.plugins.ca.acme;

import dev.helyos.plugin.api.AcmeDirectory;
import dev.helyos.plugin.api.CertificateAuthorityContext;
import dev.helyos.plugin.api.CertificateAuthorityProvider;
import java.net.URI;
import org.pf4j.Extension;

/** {@code acme}: any ACME CA, by its directory URL ({@code --acme-directory}); EAB when its flags are given. */
@Extension
public class AnyAcmeCa implements CertificateAuthorityProvider {

    @Override
    public String id() {
        return "acme";
    }

    @Override
    public AcmeDirectory directory(CertificateAuthorityContext context) {
        if (context.directoryUrl() == null) {
            throw new IllegalArgumentException("--acme-ca acme needs --acme-directory URL (the CA's ACME directory)");
        }
        try {
            return new AcmeDirectory(URI.create(context.directoryUrl()), false);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid --acme-directory '" + context.directoryUrl() + "': " + e.getMessage());
        }
    }
}
