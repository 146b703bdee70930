package dev.helyos.kernel.server;

import dev.helyos.kernel.api.Api;
import dev.helyos.kernel.api.ApiResponse;
import dev.helyos.kernel.config.Version;
import dev.helyos.kernel.metrics.HttpMetrics;
import dev.helyos.kernel.plugins.PluginHost;
import dev.helyos.kernel.tls.TlsMaterial;
import java.util.Map;
import java.util.Optional;

/** Health, metrics, version, the CA for pinning, and the installed plugins. */
public final class SystemEndpoints {
    private SystemEndpoints() {
    }

    public static void register(Api api, HttpMetrics metrics, Optional<TlsMaterial.CaCertificate> ca, PluginHost plugins) {
        api.publicGet("/health", req -> ApiResponse.ok(Map.of("status", "ok")));
        api.metricsGet("/metrics", req -> ApiResponse.text(200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape()));
        api.publicGet("/api/v1/version", req -> ApiResponse.ok(Map.of("version", Version.VALUE, "api", "v1")));
        api.publicGet("/api/v1/ca", req -> ca
                .map(c -> ApiResponse.ok(Map.of("pem", c.pem(), "sha256", c.sha256())))
                .orElseGet(() -> ApiResponse.error(404, "no self-signed CA (TLS off or BYO cert)")));
        api.get("/api/v1/plugins", req -> ApiResponse.ok(plugins.installed()));

    }
}
