package dev.helyos.plugin.api;

import java.util.Map;

/**
 * What an {@link ProxyBackend#apply} achieved.
 *
 * @param failedRoutes domain → the proxy's own words about why that route's configuration was
 *     rejected; those routes keep their last working configuration (or none, when new)
 * @param error a failure of the whole apply (reload failed, proxy not running), or {@code null}
 */
public record ApplyResult(Map<String, String> failedRoutes, String error) {
    public static final ApplyResult OK = new ApplyResult(Map.of(), null);

    public ApplyResult {
        failedRoutes = Map.copyOf(failedRoutes);
    }

    public boolean ok() {
        return failedRoutes.isEmpty() && error == null;
    }
}
