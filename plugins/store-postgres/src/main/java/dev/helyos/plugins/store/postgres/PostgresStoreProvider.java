package dev.helyos.plugins.store.postgres;

import dev.helyos.plugin.api.StateStore;
import dev.helyos.plugin.api.StateStoreProvider;
import dev.helyos.plugin.api.StoreContext;
import org.pf4j.Extension;

/**
 * {@code --store postgres}: state shared by every helyosd on one PostgreSQL database
 * ({@code --store-opt url=jdbc:postgresql://HOST:PORT/DB}, {@code user=}, {@code password-file=} or env
 * {@code HELYOS_STORE_PASSWORD}, {@code sslmode=}).
 */
@Extension
public class PostgresStoreProvider implements StateStoreProvider {

    @Override
    public String id() {
        return "postgres";
    }

    @Override
    public StateStore open(StoreContext context) {
        return PostgresStore.open(PostgresOptions.parse(context.options(), System.getenv("HELYOS_STORE_PASSWORD")));
    }
}
