package dev.helyos.plugin.api;

import java.nio.file.Path;
import java.util.Map;

/**
 * What a proxy backend is opened with.
 *
 * @param configDir where the generated configuration goes ({@code --proxy-config-dir}); the backend
 *     owns the files it names {@code helyos-*} there and nothing else
 * @param stateDir a directory of the backend's own (under the daemon's data dir), for a managed
 *     proxy's main configuration, pid file, logs and temporary files
 * @param httpPort the port plain HTTP is served on ({@code --proxy-http-port}, 80 by default)
 * @param httpsPort the port HTTPS is served on ({@code --proxy-https-port}, 443 by default)
 * @param manage whether the backend runs and supervises the proxy process itself ({@code
 *     --proxy-manage}), rather than writing files for a proxy the operator runs
 * @param options backend-specific settings from {@code --proxy-opt KEY=VALUE} (may be empty)
 */
public record ProxyContext(Path configDir, Path stateDir, int httpPort, int httpsPort, boolean manage,
                           Map<String, String> options) {
    public ProxyContext {
        options = Map.copyOf(options);
        if (httpPort < 1 || httpPort > 65535 || httpsPort < 1 || httpsPort > 65535) {
            throw new IllegalArgumentException("ports must be between 1 and 65535, got " + httpPort + " and " + httpsPort);
        }
    }
}
