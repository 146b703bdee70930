package dev.helyos.kernel.health;

import dev.helyos.kernel.api.Api;
import dev.helyos.kernel.api.ApiResponse;
import dev.helyos.kernel.config.Version;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /health/ready} (public) and {@code GET /api/v1/status}: what {@link Readiness} knows. */
public final class HealthEndpoints {
    private HealthEndpoints() {
    }

    public static void register(Api api, Readiness readiness) {
        // Public, so it names what is not ready but not why (the log and /api/v1/status say why).
        api.publicGet("/health/ready", req -> {
            var waiting = readiness.notReady();
            return waiting.isEmpty() ? ApiResponse.ok(Map.of("status", "ready"))
                    : ApiResponse.json(503, Map.of("status", "not ready", "waiting_for", List.copyOf(waiting.keySet())));
        });
        api.get("/api/v1/status", req -> {
            Map<String, Object> status = new LinkedHashMap<>();
            status.put("version", Version.VALUE);
            status.put("ready", readiness.notReady().isEmpty());
            status.put("components", readiness.status());
            return ApiResponse.ok(status);
        });
    }
}
