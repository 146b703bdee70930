package dev.helyos.kernel.acme;

import dev.helyos.kernel.errors.StartupException;
import dev.helyos.plugin.api.AcmeDirectory;
import java.net.URI;
import java.nio.file.Path;

/**
 * The ACME certificate authority in use: its id (the CA plugin's), directory URL, whether its
 * accounts need External Account Binding and with which key, and a root to trust for its API (a
 * private or test CA such as Pebble).
 *
 * @param trustRoot PEM file of an extra root for the directory's HTTPS, or null
 */
public record CaDirectory(String id, URI url, boolean needsEab, String eabKid, String eabHmacKey, Path trustRoot) {

    public static CaDirectory of(String id, AcmeDirectory directory, Path caRoot, String eabKid, String eabHmacKey) {
        if ((eabKid == null) != (eabHmacKey == null)) {
            throw new StartupException("--acme-eab-kid and --acme-eab-hmac-key go together");
        }
        if (directory.externalAccountRequired() && eabKid == null) {
            throw new StartupException("--acme-ca " + id + " needs External Account Binding: pass --acme-eab-kid and --acme-eab-hmac-key");
        }
        return new CaDirectory(id, directory.url(), eabKid != null, eabKid, eabHmacKey, caRoot);
    }
}
