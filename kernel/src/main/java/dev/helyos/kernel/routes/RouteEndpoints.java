package dev.helyos.kernel.routes;

import dev.helyos.kernel.api.Api;
import dev.helyos.kernel.api.ApiResponse;
import dev.helyos.kernel.api.JsonBody;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** {@code /api/v1/routes}: add, list (with each route's proxy status), remove. */
public final class RouteEndpoints {

    private RouteEndpoints() {
    }

    /** @param withStatus adds what the proxy made of each route to its JSON */
    public static void register(Api api, RouteService routes, Function<Route, Object> withStatus) {
        api.post("/api/v1/routes", request -> {
            JsonBody body = request.body().allowOnly(Set.of("domain", "project", "deployment", "tls_mode", "issuer"));
            RouteService.Added added = routes.add(body.string("domain"), body.string("project"), body.string("deployment"),
                    body.string("tls_mode"), body.string("issuer"));
            Object view = withStatus.apply(added.route());
            return added.created() ? ApiResponse.created(view) : ApiResponse.ok(view);
        });
        api.get("/api/v1/routes", request -> ApiResponse.ok(routes.list(request.query("project")
                .filter(p -> !p.isBlank()).orElse(null)).stream().map(withStatus).toList()));
        api.get("/api/v1/routes/{domain}", request -> ApiResponse.ok(withStatus.apply(routes.get(request.pathParam("domain")))));
        api.delete("/api/v1/routes/{domain}", request -> ApiResponse.ok(routes.remove(request.pathParam("domain"))));
    }

    /** A route as the API shows it, with what the proxy made of it ({@code pending}, {@code active}, {@code failed}). */
    public static Map<String, Object> view(Route route, String status, String error) {
        Map<String, Object> view = new java.util.LinkedHashMap<>();
        view.put("domain", route.domain());
        view.put("project", route.project());
        view.put("deployment", route.deployment());
        view.put("tls_mode", route.tlsMode());
        view.put("issuer", route.certificateIssuer());
        view.put("created_at", route.createdAt());
        view.put("status", status);
        view.put("error", error);
        return view;
    }
}
