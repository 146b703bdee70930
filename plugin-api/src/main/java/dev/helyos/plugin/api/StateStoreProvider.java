package dev.helyos.plugin.api;

/**
 * A kind of state store, selected by id with {@code helyosd --store ID}. The kernel opens exactly
 * one store at start and closes it on shutdown.
 */
public interface StateStoreProvider extends HelyosExtension {

    /**
     * Opens (creating when absent) the store for this daemon.
     *
     * @throws StoreException with a message an operator can act on (naming the file or address) when
     *     the store cannot be opened: unreadable, corrupt, locked by another process, unreachable.
     */
    StateStore open(StoreContext context);
}
