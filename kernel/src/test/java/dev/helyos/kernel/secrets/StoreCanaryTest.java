package dev.helyos.kernel.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helyos.kernel.CountingStore;
import dev.helyos.kernel.errors.StartupException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node whose master.key is not the store's is refused before it reads or writes anything else. */
class StoreCanaryTest {
    @TempDir
    Path first;
    @TempDir
    Path second;

    @Test
    void theFirstNodeSealsTheCanaryTheSameKeyOpensItAnotherIsRefused() {
        CountingStore store = new CountingStore();
        Sealer sealer = new Sealer(MasterKey.loadOrCreate(first));
        StoreCanary.check(store, sealer);
        assertTrue(store.map.containsKey(StoreCanary.KEY));
        StoreCanary.check(store, new Sealer(MasterKey.loadOrCreate(first)));

        int writes = store.writes.get();
        StartupException refused = assertThrows(StartupException.class,
                () -> StoreCanary.check(store, new Sealer(MasterKey.loadOrCreate(second))));
        assertTrue(refused.getMessage().startsWith("master.key differs from the one this store was sealed with"), refused.getMessage());
        assertEquals(writes, store.writes.get(), "a refused node writes nothing");
    }
}
