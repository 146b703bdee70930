package dev.helyos.kernel.tls;

import dev.helyos.kernel.errors.StartupException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An operator's own API certificate ({@code --tls-cert} / {@code --tls-key}), checked at start so a
 * mistake stops the daemon with the file named instead of failing every handshake later.
 */
public final class ByoTls {
    private ByoTls() {
    }

    public static TlsMaterial load(Path certFile, Path keyFile) {
        List<X509Certificate> chain;
        try {
            chain = Pem.certificates(read(certFile, "--tls-cert"));
        } catch (IOException e) {
            throw new StartupException("--tls-cert file " + certFile + " cannot be parsed: " + e.getMessage());
        }
        if (chain.isEmpty()) {
            throw new StartupException("--tls-cert file " + certFile + " contains no PEM certificate");
        }
        PrivateKey key;
        try {
            key = Pem.privateKey(read(keyFile, "--tls-key"));
        } catch (IOException e) {
            throw new StartupException("--tls-key file " + keyFile + " cannot be parsed: " + e.getMessage());
        }
        if (key == null) {
            throw new StartupException("--tls-key file " + keyFile + " contains no PEM private key");
        }
        X509Certificate leaf = chain.getFirst();
        Instant now = Instant.now();
        if (leaf.getNotAfter().toInstant().isBefore(now)) {
            throw new StartupException("--tls-cert file " + certFile + " expired on " + leaf.getNotAfter().toInstant());
        }
        if (leaf.getNotBefore().toInstant().isAfter(now)) {
            throw new StartupException("--tls-cert file " + certFile + " is not valid before " + leaf.getNotBefore().toInstant());
        }
        if (!matches(key, leaf)) {
            throw new StartupException("--tls-key file " + keyFile + " does not match the certificate in " + certFile);
        }
        return new TlsMaterial(key, chain, Optional.empty());
    }

    private static String read(Path file, String flag) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new StartupException(flag + " file " + file + " is unreadable: " + describe(e));
        } catch (RuntimeException e) {
            throw new StartupException(flag + " file " + file + " is not a PEM text file");
        }
    }

    private static String describe(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.charset.MalformedInputException) {
            return "not a PEM text file";
        }
        return e.getMessage();
    }

    /** Proves possession: a signature made with the key verifies with the certificate's public key. */
    public static boolean matches(PrivateKey key, X509Certificate cert) {
        String algorithm = switch (key.getAlgorithm()) {
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
        if (algorithm == null) {
            return false;
        }
        try {
            byte[] probe = new byte[32];
            new SecureRandom().nextBytes(probe);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(cert.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
