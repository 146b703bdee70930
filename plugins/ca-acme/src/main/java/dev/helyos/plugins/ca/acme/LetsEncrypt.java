package dev.helyos.plugins.ca.acme;

import org.pf4j.Extension;

/** {@code letsencrypt}: Let's Encrypt's production CA. */
@Extension
public class LetsEncrypt extends KnownCa {
    public LetsEncrypt() {
        super("letsencrypt", "https://acme-v02.api.letsencrypt.org/directory", false);
    }
}
