package dev.helyos.kernel.tls;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Reference §3: lowercase, colon-separated SHA-256 of the CA PEM text bytes (32 pairs). */
public final class Fingerprint {
    private Fingerprint() {
    }

    public static String ofPem(String pem) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(pem.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.ofDelimiter(":").formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
