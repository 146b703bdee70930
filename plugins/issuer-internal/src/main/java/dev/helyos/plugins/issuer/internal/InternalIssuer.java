package dev.helyos.plugins.issuer.internal;

import dev.helyos.plugin.api.CertificateIssuer;
import dev.helyos.plugin.api.CertificateRequest;
import dev.helyos.plugin.api.IssuerContext;
import dev.helyos.plugin.api.IssuerException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.pf4j.Extension;

/**
 * {@code internal}: certificates from a local CA, for private and development domains that no
 * public CA can validate (like Caddy's {@code tls internal}). The CA is made on first use and its
 * key kept sealed in helyosd's store, so every node sharing the store issues under the same root;
 * clients trust it with {@code helyos cert root internal}. Leaf certificates live 7 days unless
 * {@code --issuer-opt internal.lifetime=DURATION} (60s to 365d) says otherwise; helyosd renews them
 * when a third of that is left.
 */
@Extension
public class InternalIssuer implements CertificateIssuer {
    static final String LIFETIME_OPTION = "internal.lifetime";
    static final Duration DEFAULT_LIFETIME = Duration.ofDays(7);

    private IssuerContext loadedFor;
    private LocalCa ca;

    @Override
    public String id() {
        return "internal";
    }

    @Override
    public List<X509Certificate> issue(CertificateRequest request, IssuerContext context) throws IssuerException {
        return List.of(ca(context).sign(request.domain(), request.publicKey(), lifetime(context)));
    }

    @Override
    public List<X509Certificate> roots(IssuerContext context) throws IssuerException {
        return List.of(ca(context).root());
    }

    private synchronized LocalCa ca(IssuerContext context) throws IssuerException {
        if (ca == null || loadedFor != context) {
            ca = LocalCa.loadOrCreate(context);
            loadedFor = context;
        }
        return ca;
    }

    static Duration lifetime(IssuerContext context) throws IssuerException {
        String value = context.options().get(LIFETIME_OPTION);
        if (value == null) {
            return DEFAULT_LIFETIME;
        }
        Duration lifetime = parse(value.strip());
        if (lifetime == null || lifetime.compareTo(Duration.ofSeconds(60)) < 0 || lifetime.compareTo(Duration.ofDays(365)) > 0) {
            throw new IssuerException("invalid --issuer-opt " + LIFETIME_OPTION + "='" + value
                    + "' (expected a duration from 60s to 365d, such as 90s, 12h or 7d)");
        }
        return lifetime;
    }

    private static Duration parse(String text) {
        if (!text.matches("[0-9]{1,9}[smhd]")) {
            return null;
        }
        long amount = Long.parseLong(text.substring(0, text.length() - 1));
        return switch (text.charAt(text.length() - 1)) {
            case 's' -> Duration.ofSeconds(amount);
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }
}
