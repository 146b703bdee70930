package dev.helyos.kernel.issuers;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.helyos.kernel.acme.IssueFailure;
import dev.helyos.kernel.errors.Refused;
import dev.helyos.kernel.routes.CertificateIssuers;
import dev.helyos.kernel.routes.Route;
import dev.helyos.kernel.tls.Pem;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The issuers {@code auto} routes can use, as {@code GET /api/v1/certs/issuers} shows them: which one
 * is the default, and the roots clients must trust for a private one (the {@code internal} CA).
 */
public final class IssuerCatalog {
    private final CertificateIssuers choice;
    private final Map<String, PluginIssuer> plugins;
    private final String acmeDescription;

    /**
     * @param view one issuer: {@code kind} is {@code acme} or {@code plugin}; {@code rootsPem} the CA
     *     certificates to trust for its certificates (null when they chain to public roots or the
     *     CA's roots are not known to helyosd)
     */
    public record View(String id, String kind, @JsonProperty("default") boolean isDefault, String description,
                       String rootsPem) {
    }

    public IssuerCatalog(CertificateIssuers choice, Map<String, PluginIssuer> plugins, String acmeDescription) {
        this.choice = choice;
        this.plugins = Map.copyOf(plugins);
        this.acmeDescription = acmeDescription;
    }

    public List<View> list() {
        List<View> views = new ArrayList<>();
        for (String id : choice.available()) {
            views.add(view(id));
        }
        return views;
    }

    public View get(String id) {
        if (!choice.available().contains(id)) {
            throw Refused.notFound("issuer not found: " + Refused.shorten(id) + " (issuers: "
                    + String.join(", ", choice.available()) + ")");
        }
        return view(id);
    }

    private View view(String id) {
        boolean isDefault = id.equals(choice.defaultIssuer());
        if (id.equals(Route.ACME)) {
            return new View(id, "acme", isDefault, acmeDescription, null);
        }
        PluginIssuer plugin = plugins.get(id);
        try {
            List<X509Certificate> roots = plugin.roots();
            StringBuilder pem = new StringBuilder();
            roots.forEach(root -> pem.append(Pem.encode(root)));
            return new View(id, "plugin", isDefault, "certificate issuer plugin " + id, roots.isEmpty() ? null : pem.toString());
        } catch (IssueFailure e) {
            throw Refused.upstreamFailed("issuer " + id + " cannot give its roots: " + e.getMessage());
        }
    }
}
