package dev.helyos.kernel.projects;

import dev.helyos.kernel.api.Api;
import dev.helyos.kernel.api.ApiResponse;
import dev.helyos.kernel.api.JsonBody;
import dev.helyos.kernel.secrets.SecretService;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code /api/v1/projects} and a project's {@code /secrets}. */
public final class ProjectEndpoints {
    private ProjectEndpoints() {
    }

    public static void register(Api api, ProjectService projects, SecretService secrets) {
        api.get("/api/v1/projects", req -> ApiResponse.ok(projects.list()));
        api.post("/api/v1/projects", req -> {
            JsonBody body = req.body().allowOnly(Set.of("name"));
            return ApiResponse.created(projects.create(body.string("name")));
        });
        api.get("/api/v1/projects/{project}", req -> ApiResponse.ok(projects.get(req.pathParam("project"))));
        api.post("/api/v1/projects/{project}/suspend", req -> ApiResponse.ok(projects.suspend(req.pathParam("project"))));
        api.post("/api/v1/projects/{project}/resume", req -> ApiResponse.ok(projects.resume(req.pathParam("project"))));
        // 200 with what was deleted, as the original Helyos API answered
        api.delete("/api/v1/projects/{project}", req -> {
            projects.delete(req.pathParam("project"), req.query("force").map(Boolean::parseBoolean).orElse(false));
            return ApiResponse.ok(Map.of("name", req.pathParam("project"), "deleted", true));
        });

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
