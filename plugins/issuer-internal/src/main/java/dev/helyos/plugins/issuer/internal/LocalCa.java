package dev.helyos.plugins.issuer.internal;

import dev.helyos.plugin.api.IssuerContext;
import dev.helyos.plugin.api.IssuerException;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The local CA: an ECDSA P-256 root valid 10 years that signs leaf certificates directly. It is kept
 * as one sealed secret (certificate and PKCS#8 key, PEM), created at most once per store.
 */
final class LocalCa {
    private static final String SECRET = "ca";
    private static final Duration ROOT_LIFETIME = Duration.ofDays(3650);
    /**
     * Clocks of clients and the host may differ a little; a tenth of a short lifetime at most, so
     * renewal at a third of the lifetime left still comes after the certificate is made.
     */
    private static final Duration MAX_BACKDATE = Duration.ofMinutes(5);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final X509Certificate root;
    private final PrivateKey key;

    private LocalCa(X509Certificate root, PrivateKey key) {
        this.root = root;
        this.key = key;
    }

    static LocalCa loadOrCreate(IssuerContext context) throws IssuerException {
        byte[] stored = context.secret(SECRET).orElse(null);
        if (stored == null) {
            stored = context.secretIfAbsent(SECRET, create());
        }
        return parse(new String(stored, StandardCharsets.US_ASCII));
    }

    X509Certificate root() {
        return root;
    }

    X509Certificate sign(String domain, PublicKey subjectKey, Duration lifetime) throws IssuerException {
        Instant now = Instant.now();
        Instant notAfter = now.plus(lifetime);
        if (notAfter.isAfter(root.getNotAfter().toInstant())) {
            throw new IssuerException("the internal CA's root expires on " + root.getNotAfter().toInstant()
                    + ", before a certificate made now would");
        }
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            boolean rsa = subjectKey.getAlgorithm().equals("RSA");
            Duration backdate = lifetime.dividedBy(10).compareTo(MAX_BACKDATE) < 0 ? lifetime.dividedBy(10) : MAX_BACKDATE;
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(root, serial(), Date.from(now.minus(backdate)),
                    Date.from(notAfter), new X500Name("CN=" + domain), subjectKey)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true,
                            new KeyUsage(rsa ? KeyUsage.digitalSignature | KeyUsage.keyEncipherment : KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName(GeneralName.dNSName, domain)))
                    .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(subjectKey))
                    .addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(root));
            return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
        } catch (Exception e) {
            throw new IssuerException("the internal CA could not sign for " + domain + ": " + e.getMessage(), null, e);
        }
    }

    /** A new root and key, as the PEM text that is sealed. */
    private static byte[] create() throws IssuerException {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            Instant now = Instant.now();
            X500Name name = new X500Name("CN=Helyos Internal Root CA " + HexFormat.of().formatHex(RANDOM.generateSeed(4)) + ",O=Helyos");
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(), Date.from(now.minus(MAX_BACKDATE)),
                    Date.from(now.plus(ROOT_LIFETIME)), name, pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(pair.getPublic()));
            X509Certificate root = new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
            return (pem("CERTIFICATE", root.getEncoded()) + pem("PRIVATE KEY", pair.getPrivate().getEncoded()))
                    .getBytes(StandardCharsets.US_ASCII);
        } catch (Exception e) {
            throw new IssuerException("cannot create the internal CA: " + e.getMessage(), null, e);
        }
    }

    private static LocalCa parse(String pem) throws IssuerException {
        try {
            X509Certificate root = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(block(pem, "CERTIFICATE")));
            PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(block(pem, "PRIVATE KEY")));
            return new LocalCa(root, key);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IssuerException("the stored internal CA is unreadable: " + e.getMessage(), null, e);
        }
    }

    private static byte[] block(String pem, String type) {
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("no " + type + " block");
        }
        return Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static BigInteger serial() {
        return new BigInteger(128, RANDOM);
    }
}
