package dev.helyos.kernel.routes;

import dev.helyos.kernel.errors.Refused;
import java.util.List;

/**
 * The issuers an {@code auto} route may name: {@code acme} when helyosd has an ACME email, and the
 * installed certificate issuer plugins; and the one routes get when they name none ({@code
 * --cert-issuer}, {@code acme} by default).
 */
public record CertificateIssuers(boolean acmeEnabled, List<String> plugins, String defaultIssuer) {
    public CertificateIssuers {
        plugins = List.copyOf(plugins);
    }

    /** The issuer a new {@code auto} route gets, checked: {@code requested}, or the default. */
    String resolve(String requested) {
        String id = requested == null ? defaultIssuer : requested;
        if (id.equals(Route.ACME)) {
            if (!acmeEnabled) {
                throw Refused.invalid("TLS mode 'auto' requires an ACME email; start helyosd with --acme-email");
            }
            return id;
        }
        if (!plugins.contains(id)) {
            throw Refused.invalid("issuer '" + Refused.shorten(id) + "' is not installed; issuers: "
                    + String.join(", ", available()));
        }
        return id;
    }

    /** Every issuer a route may name. */
    public List<String> available() {
        List<String> all = new java.util.ArrayList<>();
        if (acmeEnabled) {
            all.add(Route.ACME);
        }
        all.addAll(plugins);
        return all;
    }
}
