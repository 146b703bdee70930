package org.example.helyos.opensslca;

import dev.helyos.plugin.api.CertificateIssuer;
import dev.helyos.plugin.api.CertificateRequest;
import dev.helyos.plugin.api.IssuerContext;
import dev.helyos.plugin.api.IssuerException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.pf4j.Extension;

/**
 * {@code openssl-ca}: a certificate issuer that is not ACME, written outside Helyos — it signs
 * helyosd's certificate signing requests with the {@code openssl} command and a CA of its own. The
 * CA (key and certificate) is kept with {@link IssuerContext#secretIfAbsent}, which helyosd seals;
 * openssl sees it only in a private directory in RAM ({@code /dev/shm}) for the one call.
 */
@Extension
public class OpensslIssuer implements CertificateIssuer {
    private static final String CA = "ca";
    private static final SecureRandom RANDOM = new SecureRandom();

    @Override
    public String id() {
        return "openssl-ca";
    }

    @Override
    public List<X509Certificate> issue(CertificateRequest request, IssuerContext context) throws IssuerException {
        Path dir = workDir();
        try {
            writeCa(context, dir);
            Files.writeString(dir.resolve("request.csr"), pem("CERTIFICATE REQUEST", request.csr()));
            openssl(dir, "x509", "-req", "-in", "request.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-copy_extensions", "copy",
                    "-set_serial", "0x" + new BigInteger(120, RANDOM).toString(16), "-days", days(context), "-out", "leaf.crt");
            return List.of(certificate(Files.readString(dir.resolve("leaf.crt"))));
        } catch (IOException e) {
            throw new IssuerException("openssl-ca: " + e.getMessage(), null, e);
        } finally {
            delete(dir);
        }
    }

    @Override
    public List<X509Certificate> roots(IssuerContext context) throws IssuerException {
        return List.of(certificate(ca(context)));
    }

    /** Made with openssl on first use; the first one stored wins if two nodes race. */
    private String ca(IssuerContext context) throws IssuerException {
        byte[] stored = context.secret(CA).orElse(null);
        if (stored == null) {
            Path dir = workDir();
            try {
                openssl(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "ca.key",
                        "-out", "ca.crt", "-subj", "/O=Example Inc./CN=Example OpenSSL CA", "-days", "3650");
                String made = Files.readString(dir.resolve("ca.crt")) + Files.readString(dir.resolve("ca.key"));
                stored = context.secretIfAbsent(CA, made.getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                throw new IssuerException("openssl-ca: cannot create the CA: " + e.getMessage(), null, e);
            } finally {
                delete(dir);
            }
        }
        return new String(stored, StandardCharsets.US_ASCII);
    }

    private void writeCa(IssuerContext context, Path dir) throws IssuerException, IOException {
        String ca = ca(context);
        int keyStart = ca.indexOf("-----BEGIN PRIVATE KEY-----");
        Files.writeString(dir.resolve("ca.crt"), ca.substring(0, keyStart));
        Files.writeString(dir.resolve("ca.key"), ca.substring(keyStart));
    }

    private static String days(IssuerContext context) {
        return context.options().getOrDefault("openssl-ca.days", "30");
    }

    private static void openssl(Path dir, String... args) throws IssuerException {
        List<String> command = Stream.concat(Stream.of("openssl"), Stream.of(args)).toList();
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IssuerException("openssl " + args[0] + " failed: " + output.strip());
            }
        } catch (IOException e) {
            throw new IssuerException("cannot run openssl: " + e.getMessage(), null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IssuerException("interrupted", null, e);
        }
    }

    private static Path workDir() throws IssuerException {
        try {
            return Files.createTempDirectory(Path.of("/dev/shm"), "openssl-ca-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new IssuerException("openssl-ca: no private directory in /dev/shm: " + e.getMessage(), null, e);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir in RAM; gone at reboot anyway
        }
    }

    private static X509Certificate certificate(String pem) throws IssuerException {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        } catch (CertificateException e) {
            throw new IssuerException("openssl-ca: unreadable certificate: " + e.getMessage(), null, e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
