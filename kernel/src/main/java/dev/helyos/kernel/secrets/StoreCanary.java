package dev.helyos.kernel.secrets;

import dev.helyos.kernel.errors.StartupException;
import dev.helyos.plugin.api.StateStore;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Proves, before a node touches anything, that its {@code master.key} is the one the store's secrets
 * are sealed with: the first node seals a known text under {@link #KEY}; every later start (of any
 * node on a shared store) must open it. Nodes sharing a store share their master key.
 */
public final class StoreCanary {
    static final String KEY = "cluster/canary";
    private static final byte[] TEXT = "helyos master key canary".getBytes(StandardCharsets.US_ASCII);

    private StoreCanary() {
    }

    /** @throws StartupException when this node's master key cannot open the store's canary */
    public static void check(StateStore store, Sealer sealer) {
        byte[] sealed = store.get(KEY).orElse(null);
        if (sealed == null) {
            if (store.compareAndSet(KEY, null, sealer.seal(KEY, TEXT))) {
                return;
            }
            sealed = store.get(KEY).orElseThrow(); // another node sealed it first: ours must open theirs
        }
        byte[] opened;
        try {
            opened = sealer.open(KEY, sealed);
        } catch (SealedDataException e) {
            opened = null;
        }
        if (opened == null || !Arrays.equals(opened, TEXT)) {
            throw new StartupException("master.key differs from the one this store was sealed with: copy master.key from a node"
                    + " of this store into this node's data directory (it stays 0600), or use another store");
        }
    }
}
