package dev.helyos.kernel.deploy;

import java.util.Map;

/** How pods and project networks are named and labelled on the engine (reference §6). */
public final class PodNames {
    public static final String MANAGED_BY = "managed-by";
    public static final String PROJECT = "helyos.project";
    public static final String DEPLOYMENT = "helyos.deployment";
    public static final String INDEX = "helyos.index";

    private PodNames() {
    }

    public static String pod(String project, String deployment, int index) {
        return "helyos-" + project + "-" + deployment + "-" + index;
    }

    public static String network(String project) {
        return "helyos-" + project;
    }

    public static Map<String, String> projectLabels(String project) {
        return Map.of(MANAGED_BY, "helyos", PROJECT, project);
    }

    public static Map<String, String> deploymentLabels(String project, String deployment) {
        return Map.of(MANAGED_BY, "helyos", PROJECT, project, DEPLOYMENT, deployment);
    }

    public static Map<String, String> podLabels(String project, String deployment, int index) {
        return Map.of(MANAGED_BY, "helyos", PROJECT, project, DEPLOYMENT, deployment, INDEX, Integer.toString(index));
    }
}
