package dev.helyos.plugins.store.mapdb;

import dev.helyos.plugin.api.StateStore;
import dev.helyos.plugin.api.StateStoreProvider;
import dev.helyos.plugin.api.StoreContext;
import org.pf4j.Extension;

/** {@code --store mapdb}: the embedded default, one file {@code state.db} under the data directory. */
@Extension
public class MapDbStoreProvider implements StateStoreProvider {

    @Override
    public String id() {
        return "mapdb";
    }

    @Override
    public StateStore open(StoreContext context) {
        return MapDbStore.open(context.dataDir().resolve("state.db"));
    }
}
