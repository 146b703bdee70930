package dev.helyos.kernel.issuers;

import dev.helyos.kernel.certs.KeyPairs;
import dev.helyos.kernel.certs.IssueFailure;
import dev.helyos.kernel.certs.Issuer;
import dev.helyos.kernel.certs.ParsedCertificate;
import dev.helyos.kernel.tls.ByoTls;
import dev.helyos.plugin.api.CertificateIssuer;
import dev.helyos.plugin.api.CertificateRequest;
import dev.helyos.plugin.api.IssuerContext;
import dev.helyos.plugin.api.IssuerException;
import java.io.IOException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * A certificate issuer plugin seen as an {@link Issuer}: helyosd makes the key pair and a signed
 * request, the plugin returns a chain, and helyosd checks that chain before anything is stored (the
 * leaf carries our key, covers the domain, is valid now), so a faulty plugin cannot install a
 * certificate the proxy would fail to serve.
 */
public final class PluginIssuer implements Issuer {
    private final CertificateIssuer plugin;
    private final IssuerContext context;
    private final boolean rsa;
    private final Clock clock;

    public PluginIssuer(CertificateIssuer plugin, IssuerContext context, boolean rsa, Clock clock) {
        this.plugin = plugin;
        this.context = context;
        this.rsa = rsa;
        this.clock = clock;
    }

    @Override
    public String id() {
        return plugin.id();
    }

    @Override
    public Issued issue(String domain, X509Certificate replacing) throws IssueFailure {
        KeyPair key = KeyPairs.generate(rsa);
        List<X509Certificate> chain;
        try {
            chain = plugin.issue(new CertificateRequest(domain, key.getPublic(), csr(domain, key)), context);
        } catch (IssuerException e) {
            throw new IssueFailure(e.getMessage(), e.retryAfter(), e);
        } catch (RuntimeException e) {
            throw new IssueFailure("issuer " + id() + " failed: " + e, null, e);
        }
        check(domain, key, chain);
        return new Issued(List.copyOf(chain), key);
    }

    @Override
    public String description() {
        return "certificate issuer plugin " + id();
    }

    @Override
    public List<X509Certificate> roots() throws IssueFailure {
        try {
            return plugin.roots(context);
        } catch (IssuerException e) {
            throw new IssueFailure(e.getMessage(), e.retryAfter(), e);
        } catch (RuntimeException e) {
            throw new IssueFailure("issuer " + id() + " failed: " + e, null, e);
        }
    }

    private void check(String domain, KeyPair key, List<X509Certificate> chain) throws IssueFailure {
        if (chain == null || chain.isEmpty() || chain.stream().anyMatch(java.util.Objects::isNull)) {
            throw new IssueFailure("issuer " + id() + " returned no certificate", null, null);
        }
        X509Certificate leaf = chain.getFirst();
        if (!ByoTls.matches(key.getPrivate(), leaf)) {
            throw new IssueFailure("issuer " + id() + " returned a certificate for another key", null, null);
        }
        if (!ParsedCertificate.covers(leaf, domain)) {
            throw new IssueFailure("issuer " + id() + " returned a certificate that does not cover " + domain + " (it names "
                    + String.join(", ", ParsedCertificate.names(leaf)) + ")", null, null);
        }
        Instant now = clock.instant();
        if (leaf.getNotAfter().toInstant().isBefore(now) || leaf.getNotBefore().toInstant().isAfter(now)) {
            throw new IssueFailure("issuer " + id() + " returned a certificate that is not valid now (" + leaf.getNotBefore().toInstant()
                    + " to " + leaf.getNotAfter().toInstant() + ")", null, null);
        }
    }

    /** A PKCS#10 request for {@code domain} (subject and DNS name), signed with the new key. */
    private static byte[] csr(String domain, KeyPair key) throws IssueFailure {
        try {
            ExtensionsGenerator extensions = new ExtensionsGenerator();
            extensions.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.dNSName, domain)));
            String algorithm = key.getPrivate().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
            return new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + domain), key.getPublic())
                    .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate())
                    .build(new JcaContentSignerBuilder(algorithm).build(key.getPrivate()))
                    .getEncoded();
        } catch (IOException | OperatorCreationException e) {
            throw new IssueFailure("cannot make the certificate request: " + e.getMessage(), null, e);
        }
    }
}
