package dev.helyos.kernel.proxy;

import dev.helyos.kernel.errors.StartupException;
import dev.helyos.kernel.api.Api;
import dev.helyos.kernel.api.ApiException;
import dev.helyos.kernel.api.ApiResponse;
import dev.helyos.kernel.api.JsonBody;
import dev.helyos.kernel.config.DaemonSettings;
import dev.helyos.plugin.api.ApplyResult;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** {@code /api/v1/cluster/config/proxy}: which proxy backend serves the routes, and switching it live. */
public final class ProxyEndpoints {

    private ProxyEndpoints() {
    }

    public static void register(Api api, ProxyReconciler proxy, DaemonSettings.Proxy flags) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("config_dir", flags.configDir().toString());
        settings.put("manage", flags.manage());
        settings.put("http_port", flags.httpPort());
        settings.put("https_port", flags.httpsPort());
        api.get("/api/v1/cluster/config/proxy", request -> ApiResponse.ok(view(proxy, settings, null)));
        api.post("/api/v1/cluster/config/proxy", request -> {
            JsonBody body = request.body().allowOnly(Set.of("backend", "manage"));
            String backend = body.string("backend");
            Boolean manage = body.bool("manage");
            if (backend == null || backend.isBlank()) {
                throw ApiException.unprocessable("backend is required (a proxy plugin id such as traefik or nginx)");
            }
            ApplyResult result;
            try {
                result = proxy.switchTo(backend.strip(), manage);
            } catch (StartupException e) {
                throw ApiException.unprocessable(e.getMessage());
            }
            return ApiResponse.ok(view(proxy, settings, result));
        });
    }

    private static Map<String, Object> view(ProxyReconciler proxy, Map<String, Object> settings, ApplyResult result) {
        Map<String, Object> body = new LinkedHashMap<>();
        ProxyReconciler.Active active = proxy.active();
        body.put("backend", active == null ? null : active.id());
        body.put("description", active == null ? "no proxy backend is installed" : active.backend().describe());
        body.putAll(settings);
        ProxyReconciler.LastApply last = proxy.lastApply();
        body.put("last_apply", last == null ? null : Map.of("at", last.at().toString(), "routes", last.routes(),
                "error", last.error() == null ? "" : last.error(), "snapshot_ms", last.snapshotMillis(),
                "apply_ms", last.applyMillis()));
        body.put("routes_failed", proxy.failedRoutes());
        if (result != null) {
            body.put("failed_routes", result.failedRoutes());
        }
        return body;
    }
}
