package dev.helyos.kernel.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helyos.kernel.api.Api;
import dev.helyos.kernel.api.ApiException;
import dev.helyos.kernel.api.ApiRequest;
import dev.helyos.kernel.api.ApiResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code POST /api/v1/deploy}, the deployments (scale, stop, start, logs, delete) and their pods. */
public final class DeployEndpoints {
    static final int DEFAULT_TAIL = 100;
    static final int MAX_TAIL = 100_000;

    private DeployEndpoints() {
    }

    public static void register(Api api, DeploymentService deployments, RuntimeHandle runtime, ObjectMapper json) {
        api.post("/api/v1/deploy", request -> {
            DeploymentSpec spec = DeploymentSpecParser.parse(request.text(), request.contentType().orElse(null));
            DeploymentService.Outcome outcome = deployments.deploy(spec);
            Map<String, Object> body = Map.of("deployment", outcome.deployment(), "pods", outcome.pods(),
                    "project_created", outcome.projectCreated());
            return outcome.changed() ? ApiResponse.created(body) : ApiResponse.ok(body);
        });
        api.get("/api/v1/deployments", request -> ApiResponse.ok(deployments.list(project(request))));
        // The original Helyos API's paths (/api/v1/projects/{project}/deployments/...) and today's
        // (/api/v1/deployments/{project}/...) reach the same handlers.
        api.get("/api/v1/projects/{project}/deployments", request -> ApiResponse.ok(deployments.list(pathProject(request))));
        for (String base : List.of("/api/v1/deployments/{project}/{name}", "/api/v1/projects/{project}/deployments/{name}")) {
            api.get(base, request -> detail(deployments.get(pathProject(request), name(request))));
            api.post(base + "/scale", request -> scale(deployments, request));
            api.post(base + "/stop", request -> detail(deployments.stop(pathProject(request), name(request))));
            api.post(base + "/start", request -> detail(deployments.start(pathProject(request), name(request))));
            api.get(base + "/logs", request -> {
                List<dev.helyos.plugin.api.PodState> pods = deployments.containers(pathProject(request), name(request));
                int tail = tail(request);
                boolean follow = flag(request, "follow");
                return ApiResponse.stream(LogStream.CONTENT_TYPE, new LogStream(runtime.get(), pods, tail, follow, json)::writeTo);
            });
        }
        api.delete("/api/v1/deployments/{project}/{name}", request -> {
            deployments.delete(pathProject(request), name(request));
            return ApiResponse.noContent();
        });
        api.delete("/api/v1/projects/{project}/deployments/{name}", request -> {
            deployments.delete(pathProject(request), name(request));
            return ApiResponse.ok(Map.of("project", pathProject(request), "name", name(request), "deleted", true));
        });
        api.get("/api/v1/pods", request -> ApiResponse.ok(deployments.pods(project(request))));
    }

    private static ApiResponse scale(DeploymentService deployments, ApiRequest request) {
        Long replicas = request.body().allowOnly(Set.of("replicas")).integer("replicas");
        if (replicas == null) {
            throw ApiException.unprocessable("replicas is required");
        }
        if (replicas < 0 || replicas > DeploymentService.MAX_SCALE) {
            throw ApiException.unprocessable("replicas must be between 0 and " + DeploymentService.MAX_SCALE + ", got " + replicas);
        }
        return detail(deployments.scale(pathProject(request), name(request), replicas.intValue()));
    }

    private static ApiResponse detail(DeploymentService.Detail detail) {
        return ApiResponse.ok(Map.of("deployment", detail.deployment(), "pods", detail.pods()));
    }

    private static String project(ApiRequest request) {
        return request.query("project").filter(p -> !p.isBlank())
                .orElseThrow(() -> ApiException.badRequest("query parameter 'project' is required"));
    }

    private static String pathProject(ApiRequest request) {
        return request.pathParam("project");
    }

    private static String name(ApiRequest request) {
        return request.pathParam("name");
    }

    private static int tail(ApiRequest request) {
        String value = request.query("tail").orElse(null);
        if (value == null || value.isEmpty()) {
            return DEFAULT_TAIL;
        }
        try {
            int tail = Integer.parseInt(value);
            if (tail >= 0 && tail <= MAX_TAIL) {
                return tail;
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw ApiException.badRequest("tail must be a whole number between 0 and " + MAX_TAIL + ", got '"
                + ApiException.shorten(value) + "'");
    }

    private static boolean flag(ApiRequest request, String name) {
        String value = request.query(name).orElse("false");
        return switch (value) {
            case "true", "1", "" -> true;
            case "false", "0" -> false;
            default -> throw ApiException.badRequest(name + " must be true or false, got '" + ApiException.shorten(value) + "'");
        };
    }
}
