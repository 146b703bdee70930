package org.example.helyos.exampleca;

import dev.helyos.plugin.api.AcmeDirectory;
import dev.helyos.plugin.api.CertificateAuthorityContext;
import dev.helyos.plugin.api.CertificateAuthorityProvider;
import java.net.URI;
import org.pf4j.Extension;

/**
 * {@code --acme-ca example-ca}: a company's own ACME CA (step-ca, Pebble, …), found at the URL of
 * {@code --acme-directory}; accounts need no External Account Binding. helyosd runs the protocol.
 */
@Extension
public class ExampleCaProvider implements CertificateAuthorityProvider {

    @Override
    public String id() {
        return "example-ca";
    }

    @Override
    public AcmeDirectory directory(CertificateAuthorityContext context) {
        if (context.directoryUrl() == null) {
            throw new IllegalArgumentException("--acme-ca example-ca needs --acme-directory URL (Example Inc.'s ACME directory)");
        }
        return new AcmeDirectory(URI.create(context.directoryUrl()), false);
    }
}
