package dev.helyos.plugins.store.mapdb;

import java.nio.file.Path;

/** Child process for {@link MapDbStoreOpenTest}: tries to open a store and says what happened. */
public final class OpenProbe {
    public static void main(String[] args) {
        try (MapDbStore store = MapDbStore.open(Path.of(args[0]))) {
            System.out.println("opened");
        } catch (RuntimeException e) {
            System.out.println("failed: " + e.getMessage());
        }
    }
}
