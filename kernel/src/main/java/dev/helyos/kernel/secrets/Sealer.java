package dev.helyos.kernel.secrets;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * The one sealing service for everything stored secret (README "Secrets at rest"): AES-256-GCM under the
 * master key, output = 12-byte random nonce || ciphertext || 16-byte tag, a fresh nonce on every
 * seal. The {@code context} (for example {@code secret/shop/DB_PASSWORD}) is bound as associated
 * data, so a sealed value moved to another record fails to open instead of being misread.
 */
public final class Sealer {
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final MasterKey masterKey;
    private final SecureRandom random = new SecureRandom();

    public Sealer(MasterKey masterKey) {
        this.masterKey = masterKey;
    }

    public byte[] seal(String context, byte[] plaintext) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, context);
            byte[] out = Arrays.copyOf(nonce, NONCE_BYTES + cipher.getOutputSize(plaintext.length));
            cipher.doFinal(plaintext, 0, plaintext.length, out, NONCE_BYTES);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    /**
     * @throws SealedDataException when the data was altered, sealed under another key or context,
     *     or is too short to be sealed data
     */
    public byte[] open(String context, byte[] sealed) {
        if (sealed.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new SealedDataException("sealed value for '" + context + "' is truncated (" + sealed.length + " bytes)");
        }
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, Arrays.copyOf(sealed, NONCE_BYTES), context);
            return cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new SealedDataException("sealed value for '" + context
                    + "' failed authentication: it was tampered with, or sealed under a different master key");
        } catch (GeneralSecurityException e) {
            throw new SealedDataException("sealed value for '" + context + "' cannot be opened: " + e.getMessage());
        }
    }

    private Cipher cipher(int mode, byte[] nonce, String context) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, masterKey.aesKey(), new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }
}
