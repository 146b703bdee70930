package dev.helyos.kernel.secrets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helyos.kernel.errors.StartupException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SealerTest {
    @TempDir
    Path dir;

    private final byte[] secret = "s3cret value".getBytes(StandardCharsets.UTF_8);

    @Test
    void sealsWithAFreshNonceAndOpensWithTheSameKeyAndContext() {
        Sealer sealer = new Sealer(MasterKey.loadOrCreate(dir));
        byte[] a = sealer.seal("secret/shop/DB", secret);
        byte[] b = sealer.seal("secret/shop/DB", secret);
        assertEquals(12 + secret.length + 16, a.length, "nonce || ciphertext || tag");
        assertFalse(Arrays.equals(Arrays.copyOf(a, 12), Arrays.copyOf(b, 12)), "a new nonce on every seal");
        assertFalse(Collections.indexOfSubList(Arrays.asList(box(a)), Arrays.asList(box(secret))) >= 0, "no plaintext in the output");
        assertArrayEquals(secret, sealer.open("secret/shop/DB", a));
        assertArrayEquals(secret, new Sealer(MasterKey.loadOrCreate(dir)).open("secret/shop/DB", b), "the same key after a restart");
    }

    @Test
    void tamperingTheWrongKeyOrAnotherContextFailLoudly() {
        Sealer sealer = new Sealer(MasterKey.loadOrCreate(dir));
        byte[] sealed = sealer.seal("secret/shop/DB", secret);
        for (int i : new int[] {0, 11, 12, sealed.length - 1}) {
            byte[] tampered = sealed.clone();
            tampered[i] ^= 1;
            var e = assertThrows(SealedDataException.class, () -> sealer.open("secret/shop/DB", tampered));
            assertTrue(e.getMessage().contains("tampered with, or sealed under a different master key"), e.getMessage());
        }
        byte[] otherKey = new byte[32];
        otherKey[0] = 1;
        assertThrows(SealedDataException.class, () -> new Sealer(MasterKey.of(otherKey)).open("secret/shop/DB", sealed));
        assertThrows(SealedDataException.class, () -> sealer.open("secret/shop/OTHER", sealed));
        var truncated = assertThrows(SealedDataException.class, () -> sealer.open("secret/shop/DB", Arrays.copyOf(sealed, 20)));
        assertTrue(truncated.getMessage().contains("truncated"), truncated.getMessage());
    }

    @Test
    void theMasterKeyIs32PrivateBytesReusedAcrossStarts() throws Exception {
        MasterKey first = MasterKey.loadOrCreate(dir);
        Path file = dir.resolve(MasterKey.FILE_NAME);
        assertEquals(32, Files.size(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(first, MasterKey.loadOrCreate(dir));
    }

    @Test
    void aMasterKeyOfTheWrongLengthIsRefusedAndKept() throws Exception {
        Path file = dir.resolve(MasterKey.FILE_NAME);
        byte[] tooLong = new byte[33];
        Files.write(file, tooLong);
        var e = assertThrows(StartupException.class, () -> MasterKey.loadOrCreate(dir));
        assertTrue(e.getMessage().contains("has 33 bytes, expected 32"), e.getMessage());
        assertArrayEquals(tooLong, Files.readAllBytes(file));
    }

    private static Byte[] box(byte[] bytes) {
        Byte[] out = new Byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = bytes[i];
        }
        return out;
    }
}
