package dev.helyos.plugins.store.mapdb;

import org.pf4j.Plugin;

/** PF4J entry point; the store itself is the {@link MapDbStoreProvider} extension. */
public class MapDbPlugin extends Plugin {
}
