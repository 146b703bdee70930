package dev.helyos.kernel.certs;

import dev.helyos.kernel.tls.Pem;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Self-signed certificates made on the spot for tests: a PEM chain and its PKCS#8 key. */
public record TestCertificates(String certPem, String keyPem, KeyPair pair, BigInteger serial) {

    public static TestCertificates selfSigned(Instant from, Instant to, String... dnsNames) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        X500Name name = new X500Name("CN=" + dnsNames[0]);
        BigInteger serial = BigInteger.valueOf(System.nanoTime());
        var builder = new JcaX509v3CertificateBuilder(name, serial, Date.from(from), Date.from(to), name, pair.getPublic());
        GeneralName[] names = new GeneralName[dnsNames.length];
        for (int i = 0; i < dnsNames.length; i++) {
            names[i] = new GeneralName(GeneralName.dNSName, dnsNames[i]);
        }
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
        var holder = builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));
        String cert = Pem.encode(new JcaX509CertificateConverter().getCertificate(holder));
        String key = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        return new TestCertificates(cert, key, pair, serial);
    }

    /** The base64 body of the key, which must never appear in plaintext on disk. */
    String keyBody() {
        return Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()).substring(0, 40);
    }
}
