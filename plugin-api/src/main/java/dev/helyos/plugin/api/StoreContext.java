package dev.helyos.plugin.api;

import java.nio.file.Path;
import java.util.Map;

/**
 * What a store is opened with.
 *
 * @param dataDir the daemon's data directory; a file-based store keeps its files here
 * @param options store-specific settings from {@code --store-opt KEY=VALUE} (may be empty)
 */
public record StoreContext(Path dataDir, Map<String, String> options) {
    public StoreContext {
        options = Map.copyOf(options);
    }
}
