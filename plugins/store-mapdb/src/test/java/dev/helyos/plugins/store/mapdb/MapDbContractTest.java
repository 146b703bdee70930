package dev.helyos.plugins.store.mapdb;

import dev.helyos.plugin.api.StateStore;
import dev.helyos.plugin.api.StateStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on one MapDB file; "again" is the same file after a close, as at a restart. */
class MapDbContractTest extends StateStoreContract {
    @TempDir
    Path dir;

    @Override
    protected StateStore openEmpty() {
        return MapDbStore.open(dir.resolve("state.db"));
    }

    @Override
    protected StateStore openAgain() {
        return MapDbStore.open(dir.resolve("state.db"));
    }
}
