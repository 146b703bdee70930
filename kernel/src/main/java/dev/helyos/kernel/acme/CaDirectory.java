package dev.helyos.kernel.acme;

import dev.helyos.kernel.StartupException;
import java.net.URI;
import java.nio.file.Path;

/**
 * Which ACME certificate authority: its directory URL, whether it needs External Account Binding,
 * and a root to trust for its API (a private or test CA such as Pebble).
 *
 * @param id {@code letsencrypt}, {@code letsencrypt-staging}, {@code zerossl} or {@code acme}
 * @param trustRoot PEM file of an extra root for the directory's HTTPS, or null
 */
public record CaDirectory(String id, URI url, boolean needsEab, String eabKid, String eabHmacKey, Path trustRoot) {

    public static CaDirectory of(String id, String directory, Path caRoot, String eabKid, String eabHmacKey) {
        String ca = id == null ? "letsencrypt" : id;
        CaDirectory resolved = switch (ca) {
            case "letsencrypt" -> new CaDirectory(ca, URI.create("https://acme-v02.api.letsencrypt.org/directory"), false,
                    eabKid, eabHmacKey, caRoot);
            case "letsencrypt-staging" -> new CaDirectory(ca, URI.create("https://acme-staging-v02.api.letsencrypt.org/directory"),
                    false, eabKid, eabHmacKey, caRoot);
            case "zerossl" -> new CaDirectory(ca, URI.create("https://acme.zerossl.com/v2/DV90"), true, eabKid, eabHmacKey, caRoot);
            case "acme" -> {
                if (directory == null) {
                    throw new StartupException("--acme-ca acme needs --acme-directory URL (the CA's ACME directory)");
                }
                yield new CaDirectory(ca, parse(directory), eabKid != null, eabKid, eabHmacKey, caRoot);
            }
            default -> throw new StartupException("unknown --acme-ca '" + ca + "' (expected letsencrypt, letsencrypt-staging, zerossl, or acme with --acme-directory)");
        };
        if (resolved.needsEab() && (eabKid == null || eabHmacKey == null)) {
            throw new StartupException("--acme-ca " + ca + " needs External Account Binding: pass --acme-eab-kid and --acme-eab-hmac-key");
        }
        if ((eabKid == null) != (eabHmacKey == null)) {
            throw new StartupException("--acme-eab-kid and --acme-eab-hmac-key go together");
        }
        return resolved;
    }

    private static URI parse(String directory) {
        try {
            URI uri = URI.create(directory);
            if (!"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("not an https:// URL");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new StartupException("invalid --acme-directory '" + directory + "': " + e.getMessage());
        }
    }
}
