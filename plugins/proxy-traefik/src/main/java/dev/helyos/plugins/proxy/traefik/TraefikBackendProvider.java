package dev.helyos.plugins.proxy.traefik;

import dev.helyos.plugin.api.ProxyBackend;
import dev.helyos.plugin.api.ProxyBackendProvider;
import dev.helyos.plugin.api.ProxyContext;
import dev.helyos.plugin.api.ProxyException;
import java.nio.file.Files;
import java.util.TreeSet;
import org.pf4j.Extension;

/**
 * {@code traefik}: every route in one Traefik v3 file-provider file, {@code <configDir>/helyos-dynamic.yml},
 * which a Traefik that the operator runs watches. Helyos does not run Traefik itself.
 */
@Extension
public class TraefikBackendProvider implements ProxyBackendProvider {

    @Override
    public String id() {
        return "traefik";
    }

    @Override
    public ProxyBackend open(ProxyContext context) {
        var file = context.configDir().resolve(TraefikBackend.FILE_NAME).toAbsolutePath();
        if (context.manage()) {
            throw new ProxyException("the traefik proxy backend cannot run Traefik itself (--proxy-manage): run Traefik "
                    + "yourself with entry points 'web' (:" + context.httpPort() + ") and 'websecure' (:" + context.httpsPort()
                    + ") and providers.file.filename=" + file + " (watch: true), and start helyosd without --proxy-manage");
        }
        if (!context.options().isEmpty()) {
            throw new ProxyException("the traefik proxy backend takes no --proxy-opt options, got "
                    + String.join(", ", new TreeSet<>(context.options().keySet())));
        }
        if (Files.exists(context.configDir()) && !Files.isDirectory(context.configDir())) {
            throw new ProxyException("--proxy-config-dir " + context.configDir() + " is not a directory");
        }
        return new TraefikBackend(context);
    }
}
