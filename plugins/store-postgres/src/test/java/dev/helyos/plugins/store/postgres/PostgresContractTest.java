package dev.helyos.plugins.store.postgres;

import dev.helyos.plugin.api.StateStore;
import dev.helyos.plugin.api.StateStoreContract;
import org.junit.jupiter.api.AfterEach;

/** The store contract on a fresh PostgreSQL database; "again" is a second open of it, as a restarted node's. */
class PostgresContractTest extends StateStoreContract {
    private TestDatabase database;

    @Override
    protected StateStore openEmpty() throws Exception {
        database = new TestDatabase();
        return database.open();
    }

    @Override
    protected StateStore openAgain() {
        return database.open();
    }

    @AfterEach
    void drop() throws Exception {
        store.close();
        database.close();
    }
}
