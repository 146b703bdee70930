package dev.helyos.kernel.certs;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.helyos.kernel.errors.Refused;
import dev.helyos.kernel.errors.StartupException;
import dev.helyos.kernel.tls.Pem;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The issuers {@code auto} routes can name: {@link Issuer#ACME} when helyosd has an ACME email, and the
 * installed certificate issuer plugins; the one a route gets when it names none ({@code --cert-issuer},
 * {@code acme} by default); and how {@code GET /api/v1/certs/issuers} shows them.
 */
public final class IssuerCatalog {
    private final Map<String, Issuer> issuers = new LinkedHashMap<>();
    private final String defaultIssuer;

    /**
     * @param view one issuer: {@code kind} is {@code acme} or {@code plugin}; {@code rootsPem} the CA
     *     certificates to trust for its certificates (null when they chain to public roots or the
     *     CA's roots are not known to helyosd)
     */
    public record View(String id, String kind, @JsonProperty("default") boolean isDefault, String description,
                       String rootsPem) {
    }

    /**
     * @param acme the ACME engine, or null without an ACME email
     * @param plugins the issuer plugins, none of which may take the id {@code acme}
     */
    public IssuerCatalog(Issuer acme, List<? extends Issuer> plugins, String defaultIssuer) {
        if (acme != null) {
            issuers.put(Issuer.ACME, acme);
        }
        plugins.stream().sorted(java.util.Comparator.comparing(Issuer::id)).forEach(plugin -> {
            if (plugin.id().equals(Issuer.ACME)) {
                throw new StartupException("an issuer plugin takes the id 'acme', which is helyosd's ACME engine: remove or rename it");
            }
            issuers.put(plugin.id(), plugin);
        });
        this.defaultIssuer = defaultIssuer;
    }

    /** The issuer a new {@code auto} route gets for the one it names ({@code requested}, null for the default), checked. */
    public String resolve(String requested) {
        String id = requested == null ? defaultIssuer : requested;
        if (id.equals(Issuer.ACME) && !issuers.containsKey(id)) {
            throw Refused.invalid("TLS mode 'auto' requires an ACME email; start helyosd with --acme-email");
        }
        if (!issuers.containsKey(id)) {
            throw Refused.invalid("issuer '" + Refused.shorten(id) + "' is not installed; issuers: " + String.join(", ", ids()));
        }
        return id;
    }

    public Optional<Issuer> find(String id) {
        return Optional.ofNullable(issuers.get(id));
    }

    /** Every issuer a route may name: {@code acme} first, then the plugins by id. */
    public List<String> ids() {
        return List.copyOf(issuers.keySet());
    }

    /** The issuer plugins' ids. */
    public List<String> pluginIds() {
        return ids().stream().filter(id -> !id.equals(Issuer.ACME)).toList();
    }

    public List<View> list() {
        List<View> views = new ArrayList<>();
        for (String id : issuers.keySet()) {
            views.add(view(id));
        }
        return views;
    }

    public View get(String id) {
        if (!issuers.containsKey(id)) {
            throw Refused.notFound("issuer not found: " + Refused.shorten(id) + " (issuers: " + String.join(", ", ids()) + ")");
        }
        return view(id);
    }

    private View view(String id) {
        Issuer issuer = issuers.get(id);
        boolean isDefault = id.equals(defaultIssuer);
        try {
            List<X509Certificate> roots = issuer.roots();
            StringBuilder pem = new StringBuilder();
            roots.forEach(root -> pem.append(Pem.encode(root)));
            return new View(id, id.equals(Issuer.ACME) ? "acme" : "plugin", isDefault, issuer.description(),
                    roots.isEmpty() ? null : pem.toString());
        } catch (IssueFailure e) {
            throw Refused.upstreamFailed("issuer " + id + " cannot give its roots: " + e.getMessage());
        }
    }
}
