package dev.helyos.kernel.plugins;

import dev.helyos.kernel.errors.StartupException;
import dev.helyos.plugin.api.CertificateAuthorityProvider;
import dev.helyos.plugin.api.CertificateIssuer;
import dev.helyos.plugin.api.ContainerRuntimeProvider;
import dev.helyos.plugin.api.ProxyBackendProvider;
import dev.helyos.plugin.api.HelyosExtension;
import dev.helyos.plugin.api.StateStoreProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.pf4j.DefaultPluginManager;
import org.pf4j.PluginManager;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;

/**
 * Loads the PF4J plugins in the plugins directory and selects extensions by id. Each kind of
 * extension is one extension point of {@code plugin-api}; the kind names are what
 * {@code GET /api/v1/plugins} reports.
 */
public final class PluginHost implements AutoCloseable {
    /** Extension points by the kind name users see. */
    public static final Map<String, Class<? extends HelyosExtension>> KINDS = Map.of(
            "store", StateStoreProvider.class,
            "runtime", ContainerRuntimeProvider.class,
            "proxy", ProxyBackendProvider.class,
            "ca", CertificateAuthorityProvider.class,
            "issuer", CertificateIssuer.class);

    private final Path pluginsDir;
    private final PluginManager manager;

    private PluginHost(Path pluginsDir, PluginManager manager) {
        this.pluginsDir = pluginsDir;
        this.manager = manager;
    }

    public static PluginHost load(Path pluginsDir) {
        if (!Files.isDirectory(pluginsDir)) {
            throw new StartupException("plugins directory " + pluginsDir + " does not exist (build with scripts/helyosd, or pass --plugins-dir)");
        }
        PluginManager manager = new DefaultPluginManager(pluginsDir);
        manager.loadPlugins();
        manager.startPlugins();
        return new PluginHost(pluginsDir, manager);
    }

    public record Installed(String id, String kind, String version, String plugin, String state, String provider) {
    }

    /** Every extension of every kind, plus plugins that failed to load (kind {@code unknown}). */
    public List<Installed> installed() {
        List<Installed> out = new ArrayList<>();
        for (PluginWrapper plugin : manager.getPlugins()) {
            String version = plugin.getDescriptor().getVersion();
            String provider = plugin.getDescriptor().getProvider();
            String state = plugin.getPluginState().toString().toLowerCase();
            if (plugin.getPluginState() != PluginState.STARTED) {
                out.add(new Installed(plugin.getPluginId(), "unknown", version, plugin.getPluginId(), state, provider));
                continue;
            }
            KINDS.forEach((kind, type) -> {
                for (HelyosExtension extension : manager.getExtensions(type, plugin.getPluginId())) {
                    out.add(new Installed(extension.id(), kind, version, plugin.getPluginId(), state, provider));
                }
            });
        }
        out.sort(Comparator.comparing(Installed::kind).thenComparing(Installed::id));
        return out;
    }

    /** Every installed extension of {@code type}. */
    public <T extends HelyosExtension> List<T> all(Class<T> type) {
        return List.copyOf(manager.getExtensions(type));
    }

    /** The extension of {@code type} with {@code id}; a clear error listing the installed ids otherwise. */
    public <T extends HelyosExtension> T select(Class<T> type, String kind, String flag, String id) {
        List<T> all = manager.getExtensions(type);
        for (T extension : all) {
            if (extension.id().equals(id)) {
                return extension;
            }
        }
        String installed = all.stream().map(HelyosExtension::id).sorted().collect(Collectors.joining(", "));
        throw new StartupException("unknown " + flag + " '" + id + "': installed " + kind + " plugins are "
                + (installed.isEmpty() ? "none" : installed) + " (plugins directory " + pluginsDir + ")");
    }

    @Override
    public void close() {
        manager.stopPlugins();
        manager.unloadPlugins();
    }
}
