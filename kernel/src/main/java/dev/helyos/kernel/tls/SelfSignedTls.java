package dev.helyos.kernel.tls;

import dev.helyos.kernel.errors.StartupException;
import dev.helyos.kernel.files.SecureFiles;
import dev.helyos.kernel.secrets.MasterKey;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
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
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The daemon's own API certificate (README "API TLS (layer 1)"): a self-signed CA ({@code CN=helyos CA}) and a
 * server certificate ({@code CN=helyos}) it signs, ECDSA P-256, kept in the data directory.
 * The CA is made once and reused, so its fingerprint is stable across restarts. The server
 * certificate is reused while it covers every wanted name and has more than 30 days left;
 * otherwise it is re-issued from the same CA, so pinned clients keep working.
 * Both private keys are written as encrypted PKCS#8 (mode 0600) under a password derived from
 * the master key: no private key is on disk in plaintext.
 */
public final class SelfSignedTls {
    public static final String CA_FILE = "http-ca.pem";
    public static final String CA_KEY_FILE = "http-ca-key.pem";
    public static final String SERVER_FILE = "http-server.pem";
    public static final String SERVER_KEY_FILE = "http-server-key.pem";

    private static final Duration CA_LIFETIME = Duration.ofDays(3650);
    private static final Duration SERVER_LIFETIME = Duration.ofDays(397);
    private static final Duration REISSUE_BEFORE = Duration.ofDays(30);

    private final Path dataDir;
    private final char[] keyPassword;

    public SelfSignedTls(Path dataDir, MasterKey masterKey) {
        this.dataDir = dataDir;
        this.keyPassword = HexFormat.of().formatHex(masterKey.derive("tls-key-file")).toCharArray();
    }

    public TlsMaterial loadOrCreate(SubjectAltNames wanted) {
        try {
            Issued ca = loadOrCreateCa();
            Issued server = loadServer(ca).filter(s -> stillGood(s, wanted)).orElse(null);
            if (server == null) {
                server = issueServer(ca, wanted);
            }
            String caPem = Files.readString(dataDir.resolve(CA_FILE), StandardCharsets.US_ASCII);
            return new TlsMaterial(server.key(), List.of(server.cert(), ca.cert()),
                    Optional.of(new TlsMaterial.CaCertificate(caPem, Fingerprint.ofPem(caPem))));
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new StartupException("cannot prepare the API certificate in " + dataDir + ": " + e.getMessage());
        }
    }

    private Issued loadOrCreateCa() throws IOException, GeneralSecurityException, OperatorCreationException {
        Path certFile = dataDir.resolve(CA_FILE);
        Path keyFile = dataDir.resolve(CA_KEY_FILE);
        if (Files.exists(certFile) && Files.exists(keyFile)) {
            return read(certFile, keyFile);
        }
        KeyPair pair = newKeyPair();
        X500Principal name = new X500Principal("CN=helyos CA");
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(CA_LIFETIME)), name, pair.getPublic());
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        builder.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()));
        X509Certificate cert = sign(builder, pair.getPrivate());
        write(keyFile, Pem.encryptedPrivateKey(pair.getPrivate(), keyPassword), true);
        write(certFile, Pem.encode(cert), false);
        return new Issued(cert, pair.getPrivate());
    }

    private Optional<Issued> loadServer(Issued ca) throws IOException {
        Path certFile = dataDir.resolve(SERVER_FILE);
        Path keyFile = dataDir.resolve(SERVER_KEY_FILE);
        if (!Files.exists(certFile) || !Files.exists(keyFile)) {
            return Optional.empty();
        }
        Issued server = read(certFile, keyFile);
        try {
            server.cert().verify(ca.cert().getPublicKey());
        } catch (GeneralSecurityException e) {
            return Optional.empty(); // signed by an older CA: re-issue
        }
        return Optional.of(server);
    }

    private static boolean stillGood(Issued server, SubjectAltNames wanted) {
        Instant notAfter = server.cert().getNotAfter().toInstant();
        if (Instant.now().plus(REISSUE_BEFORE).isAfter(notAfter)) {
            return false;
        }
        return sansOf(server.cert()).covers(wanted);
    }

    private Issued issueServer(Issued ca, SubjectAltNames sans)
            throws IOException, GeneralSecurityException, OperatorCreationException {
        KeyPair pair = newKeyPair();
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca.cert(), serial(),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(SERVER_LIFETIME)),
                new X500Principal("CN=helyos"), pair.getPublic());
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        List<GeneralName> names = new ArrayList<>();
        sans.dnsNames().stream().sorted().forEach(n -> names.add(new GeneralName(GeneralName.dNSName, n)));
        sans.ipAddresses().stream().sorted().forEach(n -> names.add(new GeneralName(GeneralName.iPAddress, n)));
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
        builder.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca.cert()));
        builder.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()));
        X509Certificate cert = sign(builder, ca.key());
        write(dataDir.resolve(SERVER_KEY_FILE), Pem.encryptedPrivateKey(pair.getPrivate(), keyPassword), true);
        write(dataDir.resolve(SERVER_FILE), Pem.encode(cert), false);
        return new Issued(cert, pair.getPrivate());
    }

    static SubjectAltNames sansOf(X509Certificate cert) {
        Set<String> dns = new HashSet<>();
        Set<String> ips = new HashSet<>();
        try {
            var all = cert.getSubjectAlternativeNames();
            if (all != null) {
                for (List<?> entry : all) {
                    int type = (Integer) entry.get(0);
                    if (type == GeneralName.dNSName) {
                        dns.add((String) entry.get(1));
                    } else if (type == GeneralName.iPAddress) {
                        var ip = SubjectAltNames.ipLiteral((String) entry.get(1));
                        ips.add(ip == null ? (String) entry.get(1) : ip.getHostAddress());
                    }
                }
            }
        } catch (java.security.cert.CertificateParsingException e) {
            return new SubjectAltNames(Set.of(), Set.of());
        }
        return new SubjectAltNames(dns, ips);
    }

    private Issued read(Path certFile, Path keyFile) throws IOException {
        List<X509Certificate> certs = Pem.certificates(Files.readString(certFile, StandardCharsets.US_ASCII));
        if (certs.isEmpty()) {
            throw new IOException(certFile + " holds no certificate");
        }
        PrivateKey key;
        try {
            key = Pem.decryptPrivateKey(Files.readString(keyFile, StandardCharsets.US_ASCII), keyPassword);
        } catch (IOException e) {
            throw new IOException(keyFile + ": " + e.getMessage(), e);
        }
        return new Issued(certs.getFirst(), key);
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
        return generator.generateKeyPair();
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
    }

    private static BigInteger serial() {
        return new BigInteger(127, new SecureRandom()).add(BigInteger.ONE);
    }

    private static void write(Path file, String pem, boolean secret) throws IOException {
        if (secret) {
            SecureFiles.writePrivate(file, pem.getBytes(StandardCharsets.US_ASCII));
        } else {
            Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
            Files.writeString(tmp, pem, StandardCharsets.US_ASCII);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private record Issued(X509Certificate cert, PrivateKey key) {
    }
}
