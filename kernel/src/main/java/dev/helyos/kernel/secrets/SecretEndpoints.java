package dev.helyos.kernel.secrets;

import dev.helyos.kernel.api.Api;
import dev.helyos.kernel.api.ApiResponse;
import dev.helyos.kernel.api.JsonBody;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A project's {@code /api/v1/projects/{project}/secrets}. */
public final class SecretEndpoints {
    private SecretEndpoints() {
    }

    public static void register(Api api, SecretService secrets) {
        // The original API's shapes: an array of names, {"name"} objects with ?detail=true; 200 on set.
        api.get("/api/v1/projects/{project}/secrets", req -> {
            List<String> names = secrets.names(req.pathParam("project"));
            boolean detail = req.query("detail").map(Boolean::parseBoolean).orElse(false);
            return ApiResponse.ok(detail ? names.stream().map(name -> Map.of("name", name)).toList() : names);
        });
        api.post("/api/v1/projects/{project}/secrets/{name}", req -> {
            JsonBody body = req.body().allowOnly(Set.of("value"));
            secrets.set(req.pathParam("project"), req.pathParam("name"), body.string("value"));
            return ApiResponse.ok(Map.of("project", req.pathParam("project"), "name", req.pathParam("name")));
        });
        api.delete("/api/v1/projects/{project}/secrets/{name}", req -> {
            secrets.remove(req.pathParam("project"), req.pathParam("name"));
            return ApiResponse.noContent();
        });
    }
}
