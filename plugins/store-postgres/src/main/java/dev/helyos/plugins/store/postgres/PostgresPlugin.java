package dev.helyos.plugins.store.postgres;

import org.pf4j.Plugin;

/** PF4J entry point; the store itself is the {@link PostgresStoreProvider} extension. */
public class PostgresPlugin extends Plugin {
}
