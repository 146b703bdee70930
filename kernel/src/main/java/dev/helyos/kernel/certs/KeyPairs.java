package dev.helyos.kernel.certs;

import java.security.KeyPair;
import org.shredzone.acme4j.util.KeyPairUtils;

/** The key pair of a new route certificate: ECDSA P-256, or RSA 2048 with {@code --acme-key-type rsa}. */
public final class KeyPairs {
    private KeyPairs() {
    }

    public static KeyPair generate(boolean rsa) {
        return rsa ? KeyPairUtils.createKeyPair(2048) : KeyPairUtils.createECKeyPair("secp256r1");
    }
}
