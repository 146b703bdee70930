package dev.helyos.kernel.deploy;

import dev.helyos.kernel.api.Api;
import dev.helyos.kernel.api.ApiException;
import dev.helyos.kernel.api.ApiRequest;
import dev.helyos.kernel.api.ApiResponse;
import java.util.Map;

/** {@code POST /api/v1/deploy}, the deployments and their pods. */
public final class DeployEndpoints {

    private DeployEndpoints() {
    }

    public static void register(Api api, DeploymentService deployments) {
        api.post("/api/v1/deploy", request -> {
            DeploymentSpec spec = DeploymentSpecParser.parse(request.text(), request.contentType().orElse(null));
            DeploymentService.Outcome outcome = deployments.deploy(spec);
            Map<String, Object> body = Map.of("deployment", outcome.deployment(), "pods", outcome.pods());
            return outcome.changed() ? ApiResponse.created(body) : ApiResponse.ok(body);
        });
        api.get("/api/v1/deployments", request -> ApiResponse.ok(deployments.list(project(request))));
        api.get("/api/v1/deployments/{project}/{name}", request -> {
            String project = request.pathParam("project");
            String name = request.pathParam("name");
            return ApiResponse.ok(Map.of("deployment", deployments.get(project, name),
                    "pods", deployments.pods(project, name)));
        });
        api.delete("/api/v1/deployments/{project}/{name}", request -> {
            deployments.delete(request.pathParam("project"), request.pathParam("name"));
            return ApiResponse.noContent();
        });
        api.get("/api/v1/pods", request -> ApiResponse.ok(deployments.pods(project(request))));
    }

    private static String project(ApiRequest request) {
        return request.query("project").filter(p -> !p.isBlank())
                .orElseThrow(() -> ApiException.badRequest("query parameter 'project' is required"));
    }
}
