package dev.helyos.kernel.deploy;

import dev.helyos.plugin.api.StateStore;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * How pods and project networks are named and labelled on the engine (README "Deployments"). Every pod also
 * carries this daemon's instance id, so that daemons sharing one engine never touch each other's pods.
 */
public final class PodNames {
    public static final String MANAGED_BY = "managed-by";
    public static final String PROJECT = "helyos.project";
    public static final String DEPLOYMENT = "helyos.deployment";
    public static final String INDEX = "helyos.index";
    /** The hash of the spec a pod was made from (replicas aside): a pod with another hash is outdated. */
    public static final String TEMPLATE = "helyos.template";
    public static final String INSTANCE = "helyos.instance";

    private static final String INSTANCE_KEY = "instance/id";

    private final String instance;

    public PodNames(String instance) {
        this.instance = instance;
    }

    /** The names of the daemon whose store this is: its instance id is made on first use and kept. */
    public static PodNames forInstance(StateStore store) {
        byte[] random = new byte[8];
        new SecureRandom().nextBytes(random);
        store.compareAndSet(INSTANCE_KEY, null, HexFormat.of().formatHex(random).getBytes(StandardCharsets.US_ASCII));
        return new PodNames(new String(store.get(INSTANCE_KEY).orElseThrow(), StandardCharsets.US_ASCII));
    }

    public static String pod(String project, String deployment, int index) {
        return "helyos-" + project + "-" + deployment + "-" + index;
    }

    /**
     * The name a pod takes while its replacement starts. The underscore cannot appear in a project or
     * deployment name, so it never collides with a pod's own name.
     */
    public static String retired(String project, String deployment, int index, String containerId) {
        return pod(project, deployment, index) + "_retired-" + containerId.substring(0, Math.min(12, containerId.length()));
    }

    public static String network(String project) {
        return "helyos-" + project;
    }

    public Map<String, String> all() {
        return Map.of(MANAGED_BY, "helyos", INSTANCE, instance);
    }

    public Map<String, String> project(String project) {
        return Map.of(MANAGED_BY, "helyos", INSTANCE, instance, PROJECT, project);
    }

    public Map<String, String> deployment(String project, String deployment) {
        return Map.of(MANAGED_BY, "helyos", INSTANCE, instance, PROJECT, project, DEPLOYMENT, deployment);
    }

    public Map<String, String> pod(String project, String deployment, int index, String template) {
        Map<String, String> labels = new HashMap<>(deployment(project, deployment));
        labels.put(INDEX, Integer.toString(index));
        labels.put(TEMPLATE, template);
        return labels;
    }
}
