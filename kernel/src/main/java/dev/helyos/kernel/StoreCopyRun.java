package dev.helyos.kernel;

import dev.helyos.kernel.config.DaemonSettings;
import dev.helyos.kernel.config.Installation;
import dev.helyos.kernel.config.StoreCopyOptions;
import dev.helyos.kernel.errors.StartupException;
import dev.helyos.kernel.plugins.PluginHost;
import dev.helyos.kernel.store.StoreCopy;
import dev.helyos.plugin.api.StateStore;
import dev.helyos.plugin.api.StateStoreProvider;
import dev.helyos.plugin.api.StoreContext;
import dev.helyos.plugin.api.StoreException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code helyosd store copy}: opens both stores through their plugins (a file store's {@code data-dir}
 * defaults to helyosd's), copies, and says what it did; 0 on success, 1 with a line naming the problem.
 */
final class StoreCopyRun {
    private StoreCopyRun() {
    }

    static int run(StoreCopyOptions o, Map<String, String> env, PrintStream out, PrintStream err) {
        Path pluginsDir = o.pluginsDir != null ? o.pluginsDir : Installation.pluginsDir();
        try (PluginHost plugins = PluginHost.load(pluginsDir);
             StateStore from = open(plugins, "--from", o.from, o.fromOptions, env);
             StateStore to = open(plugins, "--to", o.to, o.toOptions, env)) {
            if (from.list("").isEmpty()) {
                err.println("✗ nothing to copy: the " + o.from + " store is empty (is its data-dir right?)");
                return 1;
            }
            StoreCopy.Copied copied = StoreCopy.copy(from, to, o.force);
            out.println("✓ copied " + copied.keys() + " keys from " + o.from + " to " + o.to + "; every value checked");
            out.println("  start each node on the new store with the same master.key as the old one");
            return 0;
        } catch (StartupException | StoreException e) {
            err.println("✗ " + e.getMessage());
            return 1;
        }
    }

    private static StateStore open(PluginHost plugins, String flag, String id, Map<String, String> options, Map<String, String> env) {
        StateStoreProvider provider = plugins.select(StateStoreProvider.class, "store", flag, id);
        Path dataDir = StoreCopyOptions.dataDir(options);
        return provider.open(new StoreContext(dataDir != null ? dataDir : DaemonSettings.defaultDataDir(env),
                StoreCopyOptions.withoutDataDir(options)));
    }
}
