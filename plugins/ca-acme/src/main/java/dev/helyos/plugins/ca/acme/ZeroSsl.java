package dev.helyos.plugins.ca.acme;

import org.pf4j.Extension;

/** {@code zerossl}: ZeroSSL, whose accounts need External Account Binding. */
@Extension
public class ZeroSsl extends KnownCa {
    public ZeroSsl() {
        super("zerossl", "https://acme.zerossl.com/v2/DV90", true);
    }
}
