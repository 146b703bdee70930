package dev.helyos.kernel.projects;

import dev.helyos.kernel.api.Api;
import dev.helyos.kernel.api.ApiResponse;
import dev.helyos.kernel.api.JsonBody;
import java.util.Map;
import java.util.Set;

/** {@code /api/v1/projects}. */
public final class ProjectEndpoints {
    private ProjectEndpoints() {
    }

    public static void register(Api api, ProjectService projects) {
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
    }
}
