package dev.helyos.plugins.ca.acme;

import org.pf4j.Extension;

/** {@code letsencrypt-staging}: Let's Encrypt's staging CA (untrusted certificates, generous limits). */
@Extension
public class LetsEncryptStaging extends KnownCa {
    public LetsEncryptStaging() {
        super("letsencrypt-staging", "https://acme-staging-v02.api.letsencrypt.org/directory", false);
    }
}
