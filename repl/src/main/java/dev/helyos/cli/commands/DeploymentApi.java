package dev.helyos.cli.commands;

import dev.helyos.cli.Cli;
import java.util.List;
import java.util.Map;

/** Paths and small readers shared by the deployment commands and their script binding. */
final class DeploymentApi {
    private DeploymentApi() {
    }

    static String path(String project, String name) {
        return "/api/v1/deployments/" + Cli.path(project) + "/" + Cli.path(name);
    }

    static String list(String project) {
        return "/api/v1/deployments?project=" + Cli.path(project);
    }

    static String pods(String project) {
        return "/api/v1/pods?project=" + Cli.path(project);
    }

    static Map<?, ?> deployment(Object detail) {
        return (Map<?, ?>) ((Map<?, ?>) detail).get("deployment");
    }

    static List<?> pods(Object detail) {
        return (List<?>) ((Map<?, ?>) detail).get("pods");
    }

    static String readyOfWanted(Map<?, ?> deployment) {
        return deployment.get("ready_replicas") + "/" + deployment.get("replicas");
    }

    static String ports(Map<?, ?> pod) {
        Object ports = pod.get("ports");
        if (!(ports instanceof Map<?, ?> map) || map.isEmpty()) {
            return "-";
        }
        StringBuilder out = new StringBuilder();
        map.forEach((container, host) -> out.append(out.isEmpty() ? "" : ",").append(container).append("→").append(host));
        return out.toString();
    }
}
