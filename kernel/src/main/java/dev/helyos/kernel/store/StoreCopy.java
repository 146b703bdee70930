package dev.helyos.kernel.store;

import dev.helyos.plugin.api.StateStore;
import dev.helyos.plugin.api.StoreException;
import dev.helyos.plugin.api.WriteBatch;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Map;
import java.util.SortedMap;

/**
 * Copies every key of one store into another (from one machine's MapDB to a shared PostgreSQL, say),
 * in batches, then reads every key back from the target and compares a SHA-256 of each value, so a
 * copy that reports success is whole. Leases are not copied: they mean nothing to a new store.
 */
public final class StoreCopy {
    static final int BATCH = 500;

    private StoreCopy() {
    }

    /** What was copied: the number of keys, all checked. */
    public record Copied(int keys) {
    }

    /**
     * @param force copy into a target that holds keys already (they are kept unless the source has them)
     * @throws StoreException when the target is not empty (without {@code force}) or a value differs after the copy
     */
    public static Copied copy(StateStore from, StateStore to, boolean force) {
        SortedMap<String, byte[]> source = from.list("");
        if (!force) {
            int present = to.list("").size();
            if (present > 0) {
                throw new StoreException("the target store is not empty (" + present + " keys): copy into an empty one, or pass --force"
                        + " to write over it");
            }
        }
        WriteBatch batch = new WriteBatch();
        int inBatch = 0;
        for (Map.Entry<String, byte[]> entry : source.entrySet()) {
            batch.put(entry.getKey(), entry.getValue());
            if (++inBatch == BATCH) {
                to.commit(batch);
                batch = new WriteBatch();
                inBatch = 0;
            }
        }
        to.commit(batch);
        SortedMap<String, byte[]> copied = to.list("");
        for (Map.Entry<String, byte[]> entry : source.entrySet()) {
            byte[] there = copied.get(entry.getKey());
            if (there == null || !Arrays.equals(sha256(there), sha256(entry.getValue()))) {
                throw new StoreException("key " + entry.getKey() + " differs in the target after the copy; the target is incomplete");
            }
        }
        return new Copied(source.size());
    }

    private static byte[] sha256(byte[] value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
