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

    /** A copy of the deployment (or its detail) that also says whether the deploy created its project. */
    static Map<Object, Object> withProjectCreated(Object map, boolean created) {
        Map<Object, Object> copy = new java.util.LinkedHashMap<>((Map<?, ?>) map);
        copy.put("project_created", created);
        return copy;
    }

    static List<?> pods(Object detail) {
        return (List<?>) ((Map<?, ?>) detail).get("pods");
    }

    /** {@code 2/3}: ready replicas of the wanted; {@code -} for a count an older daemon does not send. */
    static String readyOfWanted(Map<?, ?> deployment) {
        return count(deployment.get("ready_replicas")) + "/" + count(deployment.get("replicas"));
    }

    private static String count(Object value) {
        return value instanceof Number n ? String.valueOf(n.longValue()) : "-";
    }

    /** A pod's readiness for a table: yes, no, or {@code -} when the daemon does not say. */
    static String ready(Map<?, ?> pod) {
        return pod.get("ready") instanceof Boolean ready ? (ready ? "yes" : "no") : "-";
    }

    /**
     * Whether a deployment is ready: its {@code status} says so; a daemon that sends no status
     * (before deployments had one) started its pods before answering, so running pods are ready.
     */
    static boolean isReady(Map<?, ?> deployment, List<?> pods) {
        if (deployment.get("status") != null) {
            return "ready".equals(deployment.get("status"));
        }
        return !pods.isEmpty() && pods.stream().allMatch(pod -> "running".equals(((Map<?, ?>) pod).get("status")));
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
