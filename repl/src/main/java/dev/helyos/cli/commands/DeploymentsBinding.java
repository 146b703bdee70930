package dev.helyos.cli.commands;

import dev.helyos.cli.CliException;
import dev.helyos.cli.client.ApiClient;
import dev.helyos.cli.client.Json;
import dev.helyos.cli.script.ScriptApi;
import dev.helyos.cli.script.ScriptBinding;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Scripts' {@code helyos.deploy(spec, {timeout})}, {@code helyos.deployments.list/get/scale/stop/start/
 * remove/logs} and {@code helyos.pods.list}: the deployment commands for JS. A spec is a JS object
 * (sent as JSON) or YAML/JSON text; {@code deploy} waits until the replicas are ready and returns
 * the deployment, or throws with the reason.
 */
public final class DeploymentsBinding implements ScriptBinding {
    private static final long DEFAULT_TIMEOUT = 120;

    @Override
    public void bind(ScriptApi api) {
        api.function("helyos.deploy", args -> {
            Object spec = args.value(0);
            byte[] body;
            String type;
            if (spec instanceof String text) {
                body = text.getBytes(StandardCharsets.UTF_8);
                type = text.stripLeading().startsWith("{") ? "application/json" : "application/yaml";
            } else if (spec instanceof Map<?, ?>) {
                body = Json.write(spec, false).getBytes(StandardCharsets.UTF_8);
                type = "application/json";
            } else {
                throw new CliException("helyos.deploy: argument 1 must be a spec (an object, or YAML/JSON text)", null);
            }
            Object timeout = args.optionalObject(1, "an object like {timeout: 60}").getOrDefault("timeout", DEFAULT_TIMEOUT);
            if (!(timeout instanceof Number seconds) || seconds.doubleValue() < 0) {
                throw new CliException("helyos.deploy: timeout must be a number of seconds, 0 or more", null);
            }
            ApiClient client = api.client();
            Object answer = client.exchange("POST", "/api/v1/deploy", type, body).json();
            Map<?, ?> deployment = DeploymentApi.deployment(answer);
            boolean projectCreated = answer instanceof Map<?, ?> m && Boolean.TRUE.equals(m.get("project_created"));
            if (seconds.doubleValue() == 0) {
                return DeploymentApi.withProjectCreated(deployment, projectCreated);
            }
            Object ready = new DeployWaiter(client, line -> { }).await(String.valueOf(deployment.get("project")),
                    String.valueOf(deployment.get("name")), Duration.ofMillis((long) (seconds.doubleValue() * 1000)));
            return DeploymentApi.withProjectCreated(DeploymentApi.deployment(ready), projectCreated);
        });
        api.function("helyos.deployments.list", args ->
                api.client().get(DeploymentApi.list(api.project(args.optionalString(0, "the project name")))));
        api.function("helyos.deployments.get", args ->
                api.client().get(path(api, args.string(0, "the deployment name"), args.optionalString(1, "the project name"))));
        api.function("helyos.deployments.scale", args -> {
            Object n = args.value(1);
            if (!(n instanceof Number replicas) || replicas.doubleValue() != Math.rint(replicas.doubleValue())) {
                throw new CliException("helyos.deployments.scale: argument 2 must be a whole number of replicas", null);
            }
            return api.client().post(path(api, args.string(0, "the deployment name"), args.optionalString(2, "the project name"))
                    + "/scale", Map.of("replicas", replicas.longValue()));
        });
        api.function("helyos.deployments.stop", args -> api.client().post(
                path(api, args.string(0, "the deployment name"), args.optionalString(1, "the project name")) + "/stop", Map.of()));
        api.function("helyos.deployments.start", args -> api.client().post(
                path(api, args.string(0, "the deployment name"), args.optionalString(1, "the project name")) + "/start", Map.of()));
        api.function("helyos.deployments.remove", args -> {
            api.client().delete(path(api, args.string(0, "the deployment name"), args.optionalString(1, "the project name")));
            return null;
        });
        api.function("helyos.deployments.logs", args -> {
            Map<String, Object> options = args.optionalObject(1, "an object like {tail: 20, project: 'shop'}");
            Object project = options.get("project");
            Object tail = options.getOrDefault("tail", 100);
            if (project != null && !(project instanceof String) || !(tail instanceof Number)) {
                throw new CliException("helyos.deployments.logs: argument 2 must be an object like {tail: 20, project: 'shop'}", null);
            }
            List<Object> lines = new ArrayList<>();
            api.client().streamLines(path(api, args.string(0, "the deployment name"), (String) project) + "/logs?tail="
                    + ((Number) tail).intValue(), line -> {
                        if (!line.isBlank()) {
                            lines.add(Json.parse(line));
                        }
                    });
            return lines;
        });
        api.function("helyos.pods.list", args ->
                api.client().get(DeploymentApi.pods(api.project(args.optionalString(0, "the project name")))));
    }

    private static String path(ScriptApi api, String name, String project) {
        return DeploymentApi.path(api.project(project), name);
    }
}
