package dev.helyos.kernel.certs;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helyos.kernel.errors.Refused;
import dev.helyos.kernel.routes.DomainName;
import dev.helyos.kernel.routes.Route;
import dev.helyos.kernel.routes.RouteService;
import dev.helyos.kernel.secrets.Sealer;
import dev.helyos.kernel.store.Records;
import dev.helyos.kernel.tls.Pem;
import dev.helyos.plugin.api.Lease;
import dev.helyos.plugin.api.ProxyRoute;
import dev.helyos.plugin.api.StateStore;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Route certificates: stored with their real validity and the key sealed (AES-256-GCM, bound to the
 * domain), handed to the proxy as files in the RAM-backed runtime directory.
 */
public final class CertificateService implements AutoCloseable {
    private final Records<CertificateRecord> records;
    private final Sealer sealer;
    private final RuntimeFiles files;
    private final RouteService routes;
    private final Clock clock;
    /** The serial whose files are in the runtime directory, per domain: unsealed once per certificate. */
    private final Map<String, String> written = new ConcurrentHashMap<>();
    /**
     * Certificates as last read, by domain (empty: none), so that every proxy apply does not read
     * and decode one record per TLS route; a change in the store drops the domain's entry.
     */
    private final Map<String, Optional<CertificateRecord>> cache = new ConcurrentHashMap<>();
    private final AutoCloseable watch;

    public CertificateService(StateStore store, ObjectMapper json, Sealer sealer, RuntimeFiles files, RouteService routes,
                              Clock clock) {
        this.records = new Records<>(store, json, CertificateRecord.class, Keys.CERTIFICATES);
        this.sealer = sealer;
        this.files = files;
        this.routes = routes;
        this.clock = clock;
        watch = store.watch(Keys.CERTIFICATES, key -> cache.remove(key.substring(Keys.CERTIFICATES.length())));
    }

    /** Stops listening to the store. */
    @Override
    public void close() throws Exception {
        watch.close();
    }

    /**
     * Imports a certificate the operator brings: checked, stored (replacing any other for the domain
     * in one write), and the domain's route, if any, switched to TLS mode {@code manual}.
     */
    public CertificateRecord importCertificate(String domain, String chainPem, String keyPem) {
        if (domain == null) {
            throw Refused.invalid("domain is required");
        }
        String ascii;
        try {
            ascii = DomainName.parse(domain).ascii();
        } catch (IllegalArgumentException e) {
            throw Refused.invalid("domain '" + Refused.shorten(domain) + "' is not valid: " + e.getMessage());
        }
        ParsedCertificate parsed = ParsedCertificate.parse(ascii, chainPem, keyPem, clock.instant());
        CertificateRecord record = record(ascii, CertificateRecord.IMPORTED, parsed);
        put(record);
        routes.find(ascii).ifPresent(route -> routes.setManual(ascii));
        return record;
    }

    /**
     * Stores a certificate an issuer (ACME or a plugin) produced, under the lease of its order.
     *
     * @throws dev.helyos.plugin.api.LeaseLostException when another node took the order over (nothing stored)
     */
    public CertificateRecord store(String domain, String source, List<X509Certificate> chain, PrivateKey key, Lease lease) {
        CertificateRecord record = record(domain, source, new ParsedCertificate(List.copyOf(chain), key));
        records.put(record.domain(), record, lease);
        cache.remove(record.domain());
        return record;
    }

    private CertificateRecord record(String domain, String source, ParsedCertificate parsed) {
        X509Certificate leaf = parsed.leaf();
        StringBuilder chain = new StringBuilder();
        parsed.chain().forEach(c -> chain.append(Pem.encode(c)));
        byte[] sealed = sealer.seal(sealContext(domain), pkcs8(parsed.key()).getBytes(StandardCharsets.US_ASCII));
        return new CertificateRecord(domain, source, chain.toString(), Base64.getEncoder().encodeToString(sealed),
                leaf.getIssuerX500Principal().getName(), leaf.getSerialNumber().toString(16),
                leaf.getNotBefore().toInstant().toString(), leaf.getNotAfter().toInstant().toString(),
                clock.instant().truncatedTo(ChronoUnit.SECONDS).toString(), null, null);
    }

    public List<CertificateRecord> list() {
        return records.list("").stream().sorted(Comparator.comparing(CertificateRecord::domain)).toList();
    }

    public Optional<CertificateRecord> find(String domain) {
        try {
            return records.get(DomainName.parse(domain).ascii());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public CertificateRecord get(String domain) {
        return find(domain).orElseThrow(() -> Refused.notFound("certificate not found: " + Refused.shorten(domain)));
    }

    public void update(CertificateRecord record) {
        put(record);
    }

    /**
     * Writes and drops the cached entry at once: the store's change notice comes later, and a proxy
     * apply started meanwhile (the one that checks what is served) must read the new certificate.
     */
    private void put(CertificateRecord record) {
        records.put(record.domain(), record);
        cache.remove(record.domain());
    }

    /**
     * The files the proxy serves for {@code route}: its certificate when the route has TLS and the
     * certificate is still valid, else null (the route is then served on plain HTTP only).
     */
    public ProxyRoute.TlsFiles filesFor(Route route) {
        if (route.tlsMode().equals(Route.NONE)) {
            return null;
        }
        Optional<CertificateRecord> found = cache.computeIfAbsent(route.domain(), records::get);
        if (found.isEmpty() || Instant.parse(found.get().notAfter()).isBefore(clock.instant())) {
            return null;
        }
        CertificateRecord cert = found.get();
        String base = route.domain();
        if (!cert.serial().equals(written.get(base))) {
            files.write(base + ".crt", cert.chainPem());
            byte[] key = sealer.open(sealContext(base), Base64.getDecoder().decode(cert.sealedKey()));
            files.write(base + ".key", new String(key, StandardCharsets.US_ASCII));
            written.put(base, cert.serial());
        }
        return new ProxyRoute.TlsFiles(files.dir().resolve(base + ".crt"), files.dir().resolve(base + ".key"), cert.serial());
    }

    private static String sealContext(String domain) {
        return Keys.privateKeyContext(domain);
    }

    private static String pkcs8(PrivateKey key) {
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }
}
