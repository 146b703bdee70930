package dev.helyos.kernel.secrets;

import dev.helyos.kernel.errors.StartupException;
import dev.helyos.kernel.files.SecureFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The node's root secret: {@code <data-dir>/master.key}, 32 random bytes, mode 0600, created on
 * first start and reused afterwards. Everything sealed at rest depends on it, so a file of the
 * wrong length stops the daemon instead of being replaced.
 */
public final class MasterKey {
    public static final String FILE_NAME = "master.key";
    private static final int LENGTH = 32;

    private final byte[] key;

    private MasterKey(byte[] key) {
        this.key = key;
    }

    public static MasterKey loadOrCreate(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        try {
            if (Files.exists(file)) {
                byte[] bytes = Files.readAllBytes(file);
                if (bytes.length != LENGTH) {
                    throw new StartupException("master key " + file + " has " + bytes.length + " bytes, expected "
                            + LENGTH + "; it is damaged or not a helyos master key (restore it from a backup — "
                            + "without it nothing sealed under this data directory can be read)");
                }
                return new MasterKey(bytes);
            }
            byte[] bytes = new byte[LENGTH];
            new SecureRandom().nextBytes(bytes);
            SecureFiles.writePrivate(file, bytes);
            return new MasterKey(bytes);
        } catch (IOException e) {
            throw new StartupException("cannot read or create master key " + file + ": " + e.getMessage());
        }
    }

    /** Wraps raw key bytes (tests, and stores that receive the key another way). */
    public static MasterKey of(byte[] key) {
        if (key.length != LENGTH) {
            throw new IllegalArgumentException("master key must be " + LENGTH + " bytes");
        }
        return new MasterKey(key.clone());
    }

    SecretKeySpec aesKey() {
        return new SecretKeySpec(key, "AES");
    }

    /**
     * A key for one purpose, derived with HMAC-SHA256 so that no two uses share key material
     * (token lookup, TLS key file passwords, ...).
     */
    public byte[] derive(String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(("helyos/" + purpose).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MasterKey other && Arrays.equals(key, other.key);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key);
    }

    @Override
    public String toString() {
        return "MasterKey[redacted]";
    }
}
